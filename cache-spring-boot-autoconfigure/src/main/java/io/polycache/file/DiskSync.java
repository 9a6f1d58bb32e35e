package io.polycache.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether the store waits for the disk (the {@code file-system.fsync} setting), and the
 * two waits it takes when it does: an entry's temporary file is forced, data and
 * metadata, before it is moved into place, and the directory that holds it is forced
 * after the move, so that both its bytes and its name are on the disk when the call
 * returns. With {@link #OFF} both are no-ops and the operating system writes back when it
 * chooses: a process crash loses nothing that was moved into place, but an operating
 * system crash or power loss may lose the last writes.
 * <p>A directory is forced by opening it read-only as a channel and forcing that (an
 * {@code fsync} of the directory), which Linux supports; on a platform that cannot open
 * a directory every forced write fails.
 * <p>Implementations are stateless and thread-safe.
 */
interface DiskSync {

	/** Leaves write-back to the operating system. */
	DiskSync OFF = new DiskSync() {

		@Override
		public void file(FileChannel channel) {
		}

		@Override
		public void directory(Path directory) {
		}

	};

	/** Forces every entry file before its move and its directory after it. */
	DiskSync ON = new DiskSync() {

		@Override
		public void file(FileChannel channel) throws IOException {
			channel.force(true);
		}

		@Override
		public void directory(Path directory) throws IOException {
			try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
				channel.force(true);
			}
		}

	};

	static DiskSync of(boolean fsync) {
		return fsync ? ON : OFF;
	}

	/** Forces a written file's data and metadata to the disk. */
	void file(FileChannel channel) throws IOException;

	/** Forces a directory's entries (names created, renamed or deleted in it) to the disk. */
	void directory(Path directory) throws IOException;

}
