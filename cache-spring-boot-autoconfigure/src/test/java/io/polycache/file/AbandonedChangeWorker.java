package io.polycache.file;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process for {@link ControlFileChannelTests}: takes a cache directory's lock, marks a
 * change under way, deletes an entry file, prints {@code changed} and halts at once, as a
 * process killed in the middle of a change would: the operating system releases its lock,
 * and the end of the change is never written.
 * <p>Arguments: the control file, the entry file.
 */
public final class AbandonedChangeWorker {

	private AbandonedChangeWorker() {
	}

	public static void main(String[] args) throws Exception {
		ControlFile control = new ControlFile(Path.of(args[0]));
		control.lock();
		control.changing();
		Files.delete(Path.of(args[1]));
		System.out.println("changed");
		System.out.flush();
		Runtime.getRuntime().halt(0);
	}

}
