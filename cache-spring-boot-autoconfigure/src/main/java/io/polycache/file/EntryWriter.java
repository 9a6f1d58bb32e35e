package io.polycache.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.jspecify.annotations.Nullable;

import io.polycache.core.RemovalCause;
import io.polycache.file.EntryFile.Header;
import io.polycache.file.EntryFile.Policy;
import io.polycache.internal.RateLimitedLog;
import io.polycache.spi.StoreEvents;

/**
 * Writes a store's entry files in two steps: {@link #stage} writes the entry whole to a
 * temporary file beside it, outside any lock (and with fsync on, forces it there); then
 * {@link #commit}, under the {@link StoreLock}, corrects its policy metadata, makes room
 * if the entry is new, moves it into place atomically and counts it. A reader therefore
 * sees the old file or the new one, never a part. With fsync on, {@link #forceFanOut}
 * then forces the directory, after the lock is released.
 * <p>Thread-safe: {@link #commit} must run inside {@link StoreLock#withLock}, which
 * serializes it with every other change to the directory; the index is guarded by its
 * own monitor.
 */
final class EntryWriter {

	private final String name;

	private final FileLayout layout;

	private final DiskSync sync;

	private final StoreEvents events;

	private final FileRemovals removals;

	private final StoreLock lock;

	private final EntryIndex entries;

	private final Reclaimer reclaimer;

	private final RateLimitedLog cleanupFailures;

	EntryWriter(String name, FileLayout layout, DiskSync sync, StoreEvents events, StoreLock lock, EntryIndex entries,
			Reclaimer reclaimer, RateLimitedLog cleanupFailures) {
		this.name = name;
		this.layout = layout;
		this.sync = sync;
		this.events = events;
		this.removals = new FileRemovals(layout, events);
		this.lock = lock;
		this.entries = entries;
		this.reclaimer = reclaimer;
		this.cleanupFailures = cleanupFailures;
	}

	/**
	 * Writes the entry to a fresh temporary file, with the policy metadata it will most
	 * likely have; {@link #commit} corrects that under the lock if it turns out otherwise.
	 */
	StagedEntry stage(String id, byte[] keyBytes, byte[] value, long expiresAt, long now) {
		try {
			return StagedEntry.write(this.layout, id, keyBytes, value, expiresAt,
					this.entries.writePolicy(id, now, this.entries.nextStamp()), this.sync);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cache '" + this.name + "' could not write a temporary file in "
					+ this.layout.fanOut(id), ex);
		}
	}

	/**
	 * Under the lock: moves a staged entry into place, making room first if it is new. On
	 * failure the temporary file is deleted.
	 */
	void commit(StagedEntry staged, long now) throws IOException {
		try {
			Path target = this.layout.entryFile(staged.id);
			boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
			Overwrite overwrite = exists ? overwrite(staged, target, now) : null;
			Policy policy = (overwrite != null) ? overwrite.policy() : new Policy(staged.policy.used(),
					staged.policy.used(), 1);
			String previousKey = (overwrite != null && overwrite.ended() != null) ? this.removals.keyOf(staged.id)
					: null;
			staged.correctPolicy(policy);
			staged.close();
			if (!exists) {
				this.reclaimer.makeRoom(staged.id, now);
			}
			this.lock.changing();
			Files.move(staged.temp, target, StandardCopyOption.ATOMIC_MOVE);
			if (!exists) {
				this.lock.added();
			}
			else {
				this.lock.replaced();
			}
			this.entries.put(staged.id, policy, staged.expiresAt);
			if (overwrite != null && overwrite.ended() != null) {
				this.events.recordRemovals(overwrite.ended(), 1);
				this.removals.report(overwrite.ended(), previousKey);
			}
		}
		catch (IOException | RuntimeException ex) {
			discard(staged);
			throw ex;
		}
	}

	/** Deletes a staged entry that will not be committed; a failure is logged, not thrown. */
	void discard(StagedEntry staged) {
		try {
			staged.discard();
		}
		catch (IOException ex) {
			this.cleanupFailures.warn("Cache '" + this.name + "' could not delete " + staged.temp, ex);
		}
	}

	/**
	 * The metadata an overwrite gives the entry, and what became of the entry it
	 * overwrites: {@link RemovalCause#REPLACED} if it was live, {@link RemovalCause#EXPIRED}
	 * if not, nothing if the file was no entry.
	 */
	private Overwrite overwrite(StagedEntry staged, Path target, long now) {
		long stamp = staged.policy.used();
		Policy known = this.entries.overwritePolicy(staged.id, now, stamp);
		if (known != null) {
			return new Overwrite(known, RemovalCause.REPLACED);
		}
		// Written by another process, or before a restart the scan has not reached yet.
		Header previous = EntryFile.readHeader(target);
		if (previous == null) {
			return new Overwrite(new Policy(stamp, stamp, 1), null);
		}
		if (!previous.isLive(now)) {
			return new Overwrite(new Policy(stamp, stamp, 1), RemovalCause.EXPIRED);
		}
		return new Overwrite(new Policy(previous.policy().inserted(), stamp, previous.policy().uses() + 1),
				RemovalCause.REPLACED);
	}

	private record Overwrite(Policy policy, @Nullable RemovalCause ended) {
	}

	/**
	 * With fsync on, waits until the move or delete of the id's entry file is on the disk.
	 * Outside the lock: the directory is forced as it is then, which includes this change.
	 */
	void forceFanOut(String id) {
		forceDirectory(this.layout.fanOut(id));
	}

	/** With fsync on, waits until the changes to the directory's names are on the disk. */
	void forceDirectory(Path directory) {
		try {
			this.sync.directory(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cache '" + this.name + "' could not force " + directory + " to the disk", ex);
		}
	}

}
