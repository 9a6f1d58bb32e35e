package io.polycache.file;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

import io.polycache.core.EvictionPolicy;
import io.polycache.file.EntryFile.Header;
import io.polycache.file.EntryFile.Policy;
import io.polycache.file.PolicyIndex.Node;

/**
 * One store's {@link PolicyIndex} and the stamps that order it: what the store knows of
 * its directory's entries, in eviction order. Every reader, writer, scan and reclaim of
 * the store goes through here, so the index is only ever touched under one monitor.
 * <p>Like the index, this is advice, not truth: the entry files and the count in the
 * {@link ControlFile} are. Nothing here reads or writes a file.
 * <p>Thread-safe: every method that touches the index holds this object's monitor for
 * its whole duration, so each one is atomic; the stamp sequence is an {@link AtomicLong}
 * and is advanced outside the monitor.
 */
final class EntryIndex {

	private final Clock clock;

	/** Guarded by this object's monitor. */
	private final PolicyIndex index;

	private final AtomicLong lastStamp = new AtomicLong();

	EntryIndex(EvictionPolicy eviction, RandomGenerator random, Clock clock) {
		this.clock = clock;
		this.index = new PolicyIndex(eviction, random);
	}

	/** A stamp later than every earlier one here, and near the clock's time in ms * 1024. */
	long nextStamp() {
		long floor = this.clock.millis() << 10;
		return this.lastStamp.accumulateAndGet(floor, (last, clockFloor) -> Math.max(last + 1, clockFloor));
	}

	/** Keeps later stamps after those found in a file another run or process wrote. */
	void observe(Policy policy) {
		this.lastStamp.accumulateAndGet(Math.max(policy.inserted(), policy.used()), Math::max);
	}

	/** Records a read that hit: learns the entry if it is new here, and counts the use. */
	void recordUse(String id, Header header) {
		boolean tracks = this.index.tracksReads();
		long stamp = tracks ? nextStamp() : 0;
		synchronized (this) {
			Node node = this.index.get(id);
			if (node == null) {
				node = this.index.put(id, header.policy(), header.expiresAt());
			}
			if (tracks) {
				this.index.use(node, stamp);
			}
		}
	}

	/** The policy metadata a write gives an entry: an overwrite keeps its age and adds a use. */
	synchronized Policy writePolicy(String id, long now, long stamp) {
		Policy known = overwritePolicy(id, now, stamp);
		return (known != null) ? known : new Policy(stamp, stamp, 1);
	}

	/**
	 * The metadata an overwrite of a live entry known here gives it; {@code null} if the
	 * entry is not known here, or has expired.
	 */
	synchronized @Nullable Policy overwritePolicy(String id, long now, long stamp) {
		Node node = this.index.get(id);
		return (node != null && node.expiresAt > now) ? new Policy(node.inserted, stamp, node.uses + 1) : null;
	}

	/** Adds or replaces the entry with this metadata. */
	synchronized void put(String id, Policy policy, long expiresAt) {
		this.index.put(id, policy, expiresAt);
	}

	/** Merges metadata found in the entry's file: uses recorded by other processes count too. */
	synchronized void merge(String id, Policy policy, long expiresAt) {
		this.index.merge(id, policy, expiresAt);
	}

	synchronized void remove(String id) {
		this.index.remove(id);
	}

	synchronized void clear() {
		this.index.clear();
	}

	/** Forgets every entry not in {@code present}, the ids of the files that exist. */
	synchronized void retainOnly(Set<String> present) {
		for (String id : this.index.ids()) {
			if (!present.contains(id)) {
				this.index.remove(id);
			}
		}
	}

	/**
	 * Takes the entry the policy evicts next, never {@code excluded}, out of the index.
	 * @return its id, or {@code null} if this store knows of none
	 */
	synchronized @Nullable String takeVictim(@Nullable String excluded) {
		Node victim = this.index.victim(excluded);
		if (victim == null) {
			return null;
		}
		this.index.remove(victim.id);
		return victim.id;
	}

	/** The ids of the entries whose expiry has passed, soonest first. */
	synchronized List<String> expired(long now) {
		return this.index.expired(now).stream().map((node) -> node.id).toList();
	}

	/**
	 * Takes the entries whose use metadata has not been written to their files yet, and
	 * marks them written; read each one's metadata with {@link #policy(Node)} as it is
	 * written, so that a use recorded meanwhile is written too.
	 */
	synchronized List<Node> takeDirty() {
		List<Node> dirty = this.index.dirty();
		dirty.forEach((node) -> node.dirty = false);
		return dirty;
	}

	/** The entry's metadata now. */
	synchronized Policy policy(Node node) {
		return node.policy();
	}

}
