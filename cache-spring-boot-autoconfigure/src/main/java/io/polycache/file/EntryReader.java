package io.polycache.file;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;

import io.polycache.file.EntryFile.Corrupt;
import io.polycache.file.EntryFile.OtherKey;
import io.polycache.file.EntryFile.Read;
import io.polycache.internal.RateLimitedLog;

/**
 * Reads a store's entry files by key. A read takes no lock: a file is only ever replaced
 * whole, by an atomic move, so a reader sees the old file or the new one, and a file
 * moved into place while it was being opened is read again. Entries are opened only as
 * regular files and never through a link: a link, FIFO or device where an entry should be
 * reads as corrupt.
 * <p>Thread-safe; stateless but for the rate of its cleanup warnings.
 */
final class EntryReader {

	/** Opens of an entry file that race with writers moving new files into place, before giving up. */
	private static final int MAX_READ_ATTEMPTS = 3;

	private final String name;

	private final FileLayout layout;

	private final StoreLock lock;

	private final RateLimitedLog cleanupFailures;

	EntryReader(String name, FileLayout layout, StoreLock lock, RateLimitedLog cleanupFailures) {
		this.name = name;
		this.layout = layout;
		this.lock = lock;
		this.cleanupFailures = cleanupFailures;
	}

	/**
	 * Reads the key's file. A corrupt one, or one holding a key that does not belong at
	 * this path (copied from another cache), is removed under the lock; a real hash
	 * collision is left. A failure to remove is logged, not thrown.
	 * @return what the file holds; {@code null} if there is none
	 */
	@Nullable Read readQuietly(String id, byte[] keyBytes) {
		Read read = read(id, keyBytes);
		if (read instanceof Corrupt || read instanceof OtherKey) {
			removeForeign(id, keyBytes);
		}
		return read;
	}

	/**
	 * Reads the key's file as it is, removing nothing.
	 * @return what the file holds; {@code null} if there is none
	 * @throws UncheckedIOException if the file cannot be read
	 */
	@Nullable Read read(String id, byte[] keyBytes) {
		Path file = this.layout.entryFile(id);
		for (int attempt = 1;; attempt++) {
			// A link, FIFO or device where the entry should be is never opened: it reads as corrupt.
			try (FileChannel channel = DirectoryTrust.openRegular(file, StandardOpenOption.READ)) {
				return (channel != null) ? EntryFile.read(channel, keyBytes) : new Corrupt();
			}
			catch (NoSuchFileException ex) {
				// Also what a directory that is not there gives: a miss. A file that exists now was
				// moved into place by a writer since the lookup failed: read that one.
				if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
					return null;
				}
				if (attempt == MAX_READ_ATTEMPTS) {
					throw new UncheckedIOException("Cache '" + this.name + "' could not read " + file, ex);
				}
			}
			catch (EOFException ex) {
				return new Corrupt();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cache '" + this.name + "' could not read " + file, ex);
			}
		}
	}

	/** Whether the file at this id's path exists but is no well-formed entry belonging there. */
	private boolean isMisplaced(String id) {
		Path file = this.layout.entryFile(id);
		return Files.exists(file, LinkOption.NOFOLLOW_LINKS) && EntryFile.checkedHeader(file, id) == null;
	}

	private void removeForeign(String id, byte[] keyBytes) {
		try {
			this.lock.withLock(() -> {
				// Checked again under the lock: a writer may have replaced it meanwhile.
				Read read = read(id, keyBytes);
				if (read instanceof Corrupt || (read instanceof OtherKey && isMisplaced(id))) {
					this.lock.deleteEntry(id);
				}
				return null;
			});
		}
		catch (RuntimeException ex) {
			this.cleanupFailures.warn("Cache '" + this.name + "' could not remove a corrupt file", ex);
		}
	}

}
