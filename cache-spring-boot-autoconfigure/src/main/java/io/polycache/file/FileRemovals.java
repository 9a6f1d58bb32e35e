package io.polycache.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.polycache.core.RemovalCause;
import io.polycache.spi.StoreEvents;

/**
 * Reports the file store's removals with their keys, when someone listens
 * ({@link StoreEvents#reportsRemovals()}). The index knows entries by id only, so where
 * the caller has no key, it is read from the entry file before the file is deleted: one
 * small read, made only when someone listens. The value is never read: it would cost
 * reading the whole file. Counting stays with the callers, whether or not anyone listens.
 * <p>Thread-safe; the file reads are made under the store's lock, by the callers.
 */
final class FileRemovals {

	private final FileLayout layout;

	private final StoreEvents events;

	private final boolean reporting;

	FileRemovals(FileLayout layout, StoreEvents events) {
		this.layout = layout;
		this.events = events;
		this.reporting = events.reportsRemovals();
	}

	/** Whether someone listens; if not, {@link #keyOf} reads nothing. */
	boolean reporting() {
		return this.reporting;
	}

	/**
	 * Under the lock, before the entry file of {@code id} is deleted: the key it holds, if
	 * someone listens and the file is a readable entry; {@code null} otherwise.
	 */
	@Nullable String keyOf(String id) {
		return this.reporting ? keyIn(this.layout.entryFile(id), id) : null;
	}

	/**
	 * The key an entry file holds, or {@code null} if it is no readable entry file, claims
	 * a key longer than {@link EntryFile#MAX_KEY_BYTES} (never read, so a hostile file costs one
	 * header read), or holds a key whose id is not {@code id} (a file copied or replaced
	 * behind the store's back).
	 */
	@Nullable String keyIn(Path file, String id) {
		try (FileChannel channel = DirectoryTrust.openRegular(file, StandardOpenOption.READ)) {
			EntryFile.Header header = (channel != null) ? EntryFile.readHeader(channel) : null;
			byte[] key = (header != null) ? EntryFile.readKey(channel, header) : null;
			return (key != null && FileLayout.id(key).equals(id)) ? FileLayout.key(key) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Under the lock, before every entry file of the cache is deleted: counts them and,
	 * if someone listens, reads their keys.
	 */
	Clearing beforeClear() throws IOException {
		List<String> keys = new ArrayList<>();
		int count = 0;
		for (Path file : DirectoryScan.entryFiles(this.layout.directory())) {
			count++;
			String key = this.reporting ? keyIn(file, FileLayout.idOf(file)) : null;
			if (key != null) {
				keys.add(key);
			}
		}
		return new Clearing(count, keys);
	}

	/** Counts and reports the entries {@link #beforeClear()} found, once they are deleted. */
	void cleared(Clearing clearing) {
		this.events.recordRemovals(RemovalCause.CLEARED, clearing.count());
		clearing.keys().forEach((key) -> report(RemovalCause.CLEARED, key));
	}

	/** Reports a removal already counted, if someone listens and the key is known. */
	void report(RemovalCause cause, @Nullable String key) {
		if (this.reporting && key != null) {
			this.events.removed(cause, key, null);
		}
	}

	/** The entry files a clear is about to delete: how many, and the keys read from them. */
	record Clearing(int count, List<String> keys) {
	}

}
