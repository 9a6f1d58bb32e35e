package io.polycache.file;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A process for {@link FileLockTimeoutTests}: takes a directory's lock, prints
 * {@code locked}, and holds it until its standard input ends; then releases it, prints
 * {@code released} and exits.
 * <p>Argument: the control file.
 */
public final class LockHolderWorker {

	private LockHolderWorker() {
	}

	public static void main(String[] args) throws Exception {
		try (ControlFile control = new ControlFile(Path.of(args[0]), Duration.ofSeconds(30))) {
			control.lock();
			System.out.println("locked");
			System.out.flush();
			while (System.in.read() >= 0) {
				// Hold the lock until the test closes our input.
			}
			control.unlock(false);
		}
		System.out.println("released");
		System.out.flush();
	}

}
