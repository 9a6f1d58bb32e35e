package io.polycache.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.polycache.core.EvictionPolicy;

/**
 * A deliberately simple model of a bounded store, to check {@link LocalStore} against:
 * a plain list of entries, each with its insertion time, last use and use count, and the
 * victim found by scanning the list with the policy's rule as DESIGN.md states it. For
 * RANDOM the model cannot predict the victim; it accepts any live entry other than the
 * one being put, told to it by {@link #evictObserved}.
 */
final class ReferencePolicyModel {

	static final long NEVER = Long.MAX_VALUE;

	private static final class Entry {

		final long key;

		long value;

		long expiresAt;

		final long inserted;

		long lastUsed;

		long uses = 1;

		Entry(long key, long value, long expiresAt, long tick) {
			this.key = key;
			this.value = value;
			this.expiresAt = expiresAt;
			this.inserted = tick;
			this.lastUsed = tick;
		}

	}

	private final List<Entry> entries = new ArrayList<>();

	private final EvictionPolicy policy;

	private final long maxEntries;

	private long tick;

	/** For RANDOM: how many victims the model owes, to be named by the observed store. */
	int unresolvedEvictions;

	long evictions;

	long expirations;

	ReferencePolicyModel(EvictionPolicy policy, long maxEntries) {
		this.policy = policy;
		this.maxEntries = maxEntries;
	}

	@Nullable Long get(long key, long now) {
		Entry entry = find(key);
		if (entry == null || entry.expiresAt <= now) {
			return null;
		}
		use(entry);
		return entry.value;
	}

	boolean contains(long key, long now) {
		Entry entry = find(key);
		return entry != null && entry.expiresAt > now;
	}

	void put(long key, long value, long expiresAt, long now) {
		Entry entry = find(key);
		if (entry != null && entry.expiresAt > now) {
			entry.value = value;
			entry.expiresAt = expiresAt;
			use(entry);
			return;
		}
		if (entry != null) {
			this.entries.remove(entry);
			this.expirations++;
		}
		makeRoom(now);
		this.entries.add(new Entry(key, value, expiresAt, ++this.tick));
	}

	@Nullable Long putIfAbsent(long key, long value, long expiresAt, long now) {
		Long existing = get(key, now);
		if (existing == null) {
			put(key, value, expiresAt, now);
		}
		return existing;
	}

	long increment(long key, long delta, long expiresAtIfCreated, long now) {
		Entry entry = find(key);
		if (entry == null || entry.expiresAt <= now) {
			put(key, delta, expiresAtIfCreated, now);
			return delta;
		}
		long next = entry.value + delta;
		put(key, next, entry.expiresAt, now);
		return next;
	}

	boolean remove(long key, long now) {
		Entry entry = find(key);
		if (entry == null) {
			return false;
		}
		this.entries.remove(entry);
		if (entry.expiresAt <= now) {
			this.expirations++;
			return false;
		}
		return true;
	}

	int purgeExpired(long now) {
		int before = this.entries.size();
		this.entries.removeIf(entry -> entry.expiresAt <= now);
		int purged = before - this.entries.size();
		this.expirations += purged;
		return purged;
	}

	int size(long now) {
		purgeExpired(now);
		return this.entries.size();
	}

	Set<Long> liveKeys(long now) {
		Set<Long> keys = new TreeSet<>();
		this.entries.stream().filter(entry -> entry.expiresAt > now).forEach(entry -> keys.add(entry.key));
		return keys;
	}

	/** RANDOM only: the store evicted {@code key}; it must have been a live entry here. */
	void evictObserved(long key) {
		Entry entry = find(key);
		if (entry == null || this.unresolvedEvictions == 0) {
			throw new AssertionError("store evicted " + key + ", which the model could not evict");
		}
		this.entries.remove(entry);
		this.unresolvedEvictions--;
	}

	private void makeRoom(long now) {
		if (this.maxEntries == 0 || this.entries.size() - this.unresolvedEvictions < this.maxEntries) {
			return;
		}
		purgeExpired(now);
		while (this.entries.size() - this.unresolvedEvictions >= this.maxEntries) {
			this.evictions++;
			if (this.policy == EvictionPolicy.RANDOM) {
				this.unresolvedEvictions++;
			}
			else {
				this.entries.remove(victim());
			}
		}
	}

	private Entry victim() {
		Comparator<Entry> byInsertion = Comparator.comparingLong(entry -> entry.inserted);
		Comparator<Entry> byLastUse = Comparator.comparingLong(entry -> entry.lastUsed);
		return switch (this.policy) {
			case FIFO -> this.entries.stream().min(byInsertion).orElseThrow();
			case LIFO -> this.entries.stream().max(byInsertion).orElseThrow();
			case LRU -> this.entries.stream().min(byLastUse).orElseThrow();
			case MRU -> this.entries.stream().max(byLastUse).orElseThrow();
			case LFU -> this.entries.stream()
				.min(Comparator.<Entry>comparingLong(entry -> entry.uses).thenComparing(byLastUse))
				.orElseThrow();
			case RANDOM -> throw new IllegalStateException("RANDOM victims are observed, not predicted");
		};
	}

	private void use(Entry entry) {
		entry.lastUsed = ++this.tick;
		entry.uses++;
	}

	private @Nullable Entry find(long key) {
		for (Entry entry : this.entries) {
			if (entry.key == key) {
				return entry;
			}
		}
		return null;
	}

}
