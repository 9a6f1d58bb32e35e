package io.polycache.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.polycache.file.EntryFile.Header;
import io.polycache.file.EntryFile.Policy;
import io.polycache.file.PolicyIndex.Node;
import io.polycache.core.RemovalCause;
import io.polycache.spi.StoreEvents;

/**
 * Gives a store's directory back its room: evicts by the policy to keep the entry count
 * within the bound, reclaims expired entries, and writes the uses recorded in the index
 * back into the entry files' headers, where other processes and the next start find them.
 * <p>Evictions and reclaims are never forced to the disk, and neither is the use
 * metadata: a victim that comes back after a power cut holds the last value written for
 * its key, and the count is recounted by the next scan.
 * <p>Thread-safe: the methods documented "under the lock" must run inside
 * {@link StoreLock#withLock}, which serializes them with every other change to the
 * directory; the index is guarded by its own monitor.
 */
final class Reclaimer {

	private final FileLayout layout;

	/** The bound; written under the lock ({@link #resize}), read anywhere. */
	private volatile long maxEntries;

	private final Clock clock;

	private final StoreEvents events;

	private final FileRemovals removals;

	private final StoreLock lock;

	private final EntryIndex entries;

	private final IndexBuild build;

	Reclaimer(FileLayout layout, long maxEntries, Clock clock, StoreEvents events, StoreLock lock,
			EntryIndex entries, IndexBuild build) {
		this.layout = layout;
		this.maxEntries = maxEntries;
		this.clock = clock;
		this.events = events;
		this.removals = new FileRemovals(layout, events);
		this.lock = lock;
		this.entries = entries;
		this.build = build;
	}

	/** How far a full directory may exceed its bound while no victim is known here. */
	long slack() {
		return Math.max(10, this.maxEntries / 100);
	}

	/**
	 * Reclaims expired entries this process knows of, writes the uses it recorded into
	 * their files, and rescans the directory when it is due.
	 * @return how many expired entries were reclaimed
	 */
	int sweep() {
		int reclaimed = this.lock.withLock(() -> {
			int expired = reclaimExpired(this.clock.millis());
			writeUses();
			return expired;
		});
		return reclaimed + this.build.rescanIfDue();
	}

	/**
	 * Under the lock: evicts until a new entry fits, reclaiming expired entries first.
	 * While this process knows of no victim, the count may exceed the bound by the
	 * {@link #slack()}; once that is used up, the directory is scanned (under the lock)
	 * and the victims found there are evicted.
	 * @param id the new entry's id, never evicted
	 */
	void makeRoom(String id, long now) throws IOException {
		long max = this.maxEntries;
		if (max == 0 || this.lock.count() < max) {
			return;
		}
		evictAbove(max - 1, id, now, slack());
	}

	/** The bound now; {@code 0} for unbounded. */
	long maxEntries() {
		return this.maxEntries;
	}

	/**
	 * Under the lock: changes the bound; a lower one evicts by the policy (after reclaiming
	 * expired entries) until the count is within it, scanning the directory if this process
	 * knows of too few victims, without the slack a write is allowed.
	 */
	void resize(long maxEntries, long now) throws IOException {
		this.maxEntries = maxEntries;
		if (maxEntries > 0 && this.lock.count() > maxEntries) {
			evictAbove(maxEntries, null, now, 0);
		}
	}

	/**
	 * Evicts by the policy while the count is above {@code target}, never {@code excluded};
	 * when no victim is known, stops if the count is within {@code slack} of the target,
	 * and otherwise scans the directory once.
	 */
	private void evictAbove(long target, @Nullable String excluded, long now, long slack) throws IOException {
		reclaimExpired(now);
		boolean rescanned = false;
		while (this.lock.count() > target) {
			String victim = this.entries.takeVictim(excluded);
			if (victim != null) {
				String key = this.removals.keyOf(victim);
				if (this.lock.deleteEntry(victim)) {
					this.events.recordEviction();
					this.removals.report(RemovalCause.EVICTED, key);
				}
			}
			else if (rescanned || this.lock.count() <= target + slack) {
				return;
			}
			else {
				// Nothing known to evict here and the slack used up: learn the directory now.
				this.build.scanLocked();
				rescanned = true;
			}
		}
	}

	/** Under the lock: deletes the index's expired entries whose files agree that they are. */
	int reclaimExpired(long now) throws IOException {
		List<String> expired = this.entries.expired(now);
		int reclaimed = 0;
		for (String id : expired) {
			Header header = EntryFile.readHeader(this.layout.entryFile(id));
			if (header == null || !header.isLive(now)) {
				this.entries.remove(id);
				String key = (header != null) ? this.removals.keyOf(id) : null;
				if (this.lock.deleteEntry(id) && header != null) {
					reclaimed++;
					this.removals.report(RemovalCause.EXPIRED, key);
				}
			}
			else {
				this.entries.merge(id, header.policy(), header.expiresAt());
			}
		}
		this.events.recordExpirations(reclaimed);
		return reclaimed;
	}

	/** Under the lock: writes the uses recorded since the last time into the entry files. */
	void writeUses() {
		for (Node node : this.entries.takeDirty()) {
			Policy policy = this.entries.policy(node);
			// Never through a link, nor into a FIFO, which would block until read.
			try (FileChannel channel = DirectoryTrust.openRegular(this.layout.entryFile(node.id),
					StandardOpenOption.WRITE)) {
				if (channel != null && channel.size() >= EntryFile.HEADER_LENGTH) {
					channel.write(policy.toBuffer(), EntryFile.POLICY_OFFSET);
				}
			}
			catch (IOException ex) {
				// Gone or unwritable: the use only sharpens victim choice, and the index keeps it.
			}
		}
	}

}
