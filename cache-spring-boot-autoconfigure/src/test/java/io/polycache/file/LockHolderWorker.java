package io.polycache.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process for {@link FileLockTimeoutTests} and {@link SharedDirectoryLockTests}: takes
 * a directory's lock, prints {@code locked}, and holds it until its standard input ends;
 * then releases it, prints {@code released} and exits. If the lock is not free within
 * the timeout, prints {@code timed out} and exits.
 * <p>Arguments: the control file, the timeout in milliseconds (default 30,000).
 */
public final class LockHolderWorker {

	private LockHolderWorker() {
	}

	public static void main(String[] args) throws Exception {
		Duration timeout = Duration.ofMillis((args.length > 1) ? Long.parseLong(args[1]) : 30_000);
		try (ControlFile control = new ControlFile(Path.of(args[0]), timeout)) {
			try {
				control.lock();
			}
			catch (IOException ex) {
				System.out.println("timed out");
				return;
			}
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
