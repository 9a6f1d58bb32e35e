package io.polycache.benchmarks.local;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import io.polycache.core.EvictionPolicy;

/**
 * An independent model of the five deterministic policies, written from DESIGN.md's table
 * rather than from the store's code, for replaying long traces: each entry carries its
 * insertion tick, last use and use count, and the victim is the least entry of a sorted
 * set under the policy's rule. Slower than the store but simple enough to trust; the
 * simulator checks that the store's hit ratio equals this model's exactly.
 */
final class ReferencePolicy {

	private static final class Entry {

		final long key;

		final long inserted;

		long lastUsed;

		long uses = 1;

		Entry(long key, long tick) {
			this.key = key;
			this.inserted = tick;
			this.lastUsed = tick;
		}

	}

	private final Map<Long, Entry> entries = new HashMap<>();

	private final TreeSet<Entry> order;

	private final int capacity;

	private long tick;

	ReferencePolicy(EvictionPolicy policy, int capacity) {
		this.capacity = capacity;
		Comparator<Entry> byInsertion = Comparator.comparingLong(entry -> entry.inserted);
		Comparator<Entry> byLastUse = Comparator.comparingLong(entry -> entry.lastUsed);
		// The first entry of the set is the victim; ticks are unique, so no two entries tie.
		this.order = new TreeSet<>(switch (policy) {
			case FIFO -> byInsertion;
			case LIFO -> byInsertion.reversed();
			case LRU -> byLastUse;
			case MRU -> byLastUse.reversed();
			case LFU -> Comparator.<Entry>comparingLong(entry -> entry.uses).thenComparing(byLastUse);
			case RANDOM -> throw new IllegalArgumentException("RANDOM's victims cannot be predicted");
		});
	}

	/** A read that stores the key on a miss, as a cache in front of a loader does; true on a hit. */
	boolean access(long key) {
		Entry entry = this.entries.get(key);
		if (entry != null) {
			this.order.remove(entry);
			entry.lastUsed = ++this.tick;
			entry.uses++;
			this.order.add(entry);
			return true;
		}
		if (this.entries.size() >= this.capacity) {
			Entry victim = this.order.pollFirst();
			this.entries.remove(victim.key);
		}
		entry = new Entry(key, ++this.tick);
		this.entries.put(key, entry);
		this.order.add(entry);
		return false;
	}

}
