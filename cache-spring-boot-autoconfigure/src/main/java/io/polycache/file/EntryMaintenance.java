package io.polycache.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.polycache.file.EntryFile.Found;
import io.polycache.file.EntryFile.Header;
import io.polycache.internal.Expiry;
import io.polycache.spi.StringKeyPrefix;

/**
 * The file store's operations on an entry's expiry and on keys by prefix.
 * <ul>
 * <li>{@link #touch}: under the {@link StoreLock}, the live entry is written whole again to
 * a temporary file with the new expiry and the policy metadata its file had, and moved into
 * place atomically, as every write is: a crash leaves the old file or the new one. Not a
 * use: the index keeps the uses it knows and takes only the new expiry.</li>
 * <li>{@link #timeToLive}: a read of the entry's header, without a lock.</li>
 * <li>{@link #removeByPrefix}: lists the directory's entry files, reads each one's key,
 * and removes those that match, each by the store's own removal under the lock, which
 * checks the file again. Not atomic: an entry written meanwhile may survive.</li>
 * </ul>
 * Thread-safe, as the store's other parts.
 */
final class EntryMaintenance {

	private final String name;

	private final FileLayout layout;

	private final Clock clock;

	private final DiskSync sync;

	private final StoreLock lock;

	private final EntryIndex entries;

	private final EntryReader reader;

	private final EntryWriter writer;

	EntryMaintenance(String name, FileLayout layout, Clock clock, DiskSync sync, StoreLock lock, EntryIndex entries,
			EntryReader reader, EntryWriter writer) {
		this.name = name;
		this.layout = layout;
		this.clock = clock;
		this.sync = sync;
		this.lock = lock;
		this.entries = entries;
		this.reader = reader;
		this.writer = writer;
	}

	boolean touch(String key, Duration ttl) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		boolean touched = this.lock.withLock(() -> {
			long now = this.clock.millis();
			if (!(this.reader.read(id, keyBytes) instanceof Found found) || !found.entry().header().isLive(now)) {
				return false;
			}
			Header header = found.entry().header();
			long expiresAt = Expiry.at(now, ttl);
			StagedEntry staged = StagedEntry.write(this.layout, id, keyBytes, found.entry().value(), expiresAt,
					header.policy(), this.sync);
			try {
				staged.close();
				this.lock.changing();
				Files.move(staged.temp, this.layout.entryFile(id), StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException | RuntimeException ex) {
				this.writer.discard(staged);
				throw ex;
			}
			this.lock.replaced();
			this.entries.merge(id, header.policy(), expiresAt);
			return true;
		});
		if (touched) {
			this.writer.forceFanOut(id);
		}
		return touched;
	}

	Optional<Duration> timeToLive(String key) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		long now = this.clock.millis();
		if (this.reader.readQuietly(FileLayout.id(keyBytes), keyBytes) instanceof Found found
				&& found.entry().header().isLive(now)) {
			return Optional.of(Expiry.remaining(found.entry().header().expiresAt(), now));
		}
		return Optional.empty();
	}

	/**
	 * @param remove the store's removal of one store key, answering whether it removed a
	 * live entry
	 */
	int removeByPrefix(StringKeyPrefix prefix, Predicate<String> remove) {
		List<Path> files;
		try {
			files = DirectoryScan.entryFiles(this.layout.directory());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cache '" + this.name + "' could not list " + this.layout.directory(), ex);
		}
		int removed = 0;
		for (Path file : files) {
			String key = storeKey(file);
			if (key != null && prefix.matches(key) && remove.test(key)) {
				removed++;
			}
		}
		return removed;
	}

	/** The store key an entry file holds; {@code null} if it is gone or not a well-formed entry file. */
	private static @Nullable String storeKey(Path file) {
		try (FileChannel channel = DirectoryTrust.openRegular(file, StandardOpenOption.READ)) {
			Header header = (channel != null) ? EntryFile.readHeader(channel) : null;
			byte[] bytes = (header != null) ? EntryFile.readKey(channel, header) : null;
			return (bytes == null || bytes.length % 2 != 0) ? null : FileLayout.key(bytes);
		}
		catch (NoSuchFileException ex) {
			// Removed since the listing.
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the key of " + file, ex);
		}
	}

}
