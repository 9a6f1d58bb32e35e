package io.polycache.testfixtures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.EvictionRule.End;
import io.polycache.core.EvictionRule.Ranking;
import io.polycache.core.EvictionRule;

/**
 * A deliberately simple model of a bounded store, to check the stores against: a plain
 * list of entries keyed by {@code long}, each with its insertion tick, last use and use
 * count, and the victim found by scanning the list with the comparator of the rule
 * ({@link EvictionRule#victimFirst}), the same definition the stores build their order
 * from. Every insertion and use takes the next tick of the model's own counter, so only
 * the order of operations matters, not the time. For a random rule the model cannot
 * predict the victim; it accepts any live entry other than the one being put, told to it
 * by {@link #evictObserved} or {@link #resolveEvictions}.
 * <p>Not thread-safe: it models single-threaded behaviour.
 */
public final class ReferencePolicyModel {

	/** The expiry of an entry that never expires. */
	public static final long NEVER = Long.MAX_VALUE;

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

	private final EvictionRule rule;

	/** The rule's order, next victim first; {@code null} for a random rule. */
	private final @Nullable Comparator<Entry> victimFirst;

	private long maxEntries;

	private long tick;

	/** For a random rule: how many victims the model owes, to be named by the observed store. */
	private int unresolvedEvictions;

	private long evictions;

	private long expirations;

	/**
	 * Every rule {@link EvictionRule} can express, each once: the six policies' rules and
	 * the variants a one-line change to a policy could choose. A new {@link Ranking} does
	 * not compile here until it is listed.
	 */
	public static List<EvictionRule> everyRule() {
		List<EvictionRule> rules = new ArrayList<>();
		for (Ranking ranking : Ranking.values()) {
			for (End end : End.values()) {
				rules.add(switch (ranking) {
					case INSERTION -> EvictionRule.byInsertion(end);
					case LAST_USE -> EvictionRule.byLastUse(end);
					case USE_COUNT -> EvictionRule.byUseCount(end);
					case NONE -> EvictionRule.random();
				});
			}
		}
		return rules.stream().distinct().toList();
	}

	/** {@link #everyRule()} but the random one: the rules whose victim a model can predict. */
	public static List<EvictionRule> everyOrderedRule() {
		return everyRule().stream().filter(rule -> rule.ranking() != Ranking.NONE).toList();
	}

	/** A model of a store bounded to {@code maxEntries} (0: unbounded) that evicts by {@code policy}. */
	public ReferencePolicyModel(EvictionPolicy policy, long maxEntries) {
		this(policy.rule(), maxEntries);
	}

	/** A model of a store bounded to {@code maxEntries} (0: unbounded) that evicts by {@code rule}. */
	public ReferencePolicyModel(EvictionRule rule, long maxEntries) {
		this.rule = rule;
		this.victimFirst = (rule.ranking() == Ranking.NONE) ? null
				: rule.victimFirst(entry -> entry.inserted, entry -> entry.lastUsed, entry -> entry.uses);
		this.maxEntries = maxEntries;
	}

	public @Nullable Long get(long key, long now) {
		Entry entry = find(key);
		if (entry == null || entry.expiresAt <= now) {
			return null;
		}
		use(entry);
		return entry.value;
	}

	public boolean contains(long key, long now) {
		Entry entry = find(key);
		return entry != null && entry.expiresAt > now;
	}

	public void put(long key, long value, long expiresAt, long now) {
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

	public @Nullable Long putIfAbsent(long key, long value, long expiresAt, long now) {
		Long existing = get(key, now);
		if (existing == null) {
			put(key, value, expiresAt, now);
		}
		return existing;
	}

	public long increment(long key, long delta, long expiresAtIfCreated, long now) {
		Entry entry = find(key);
		if (entry == null || entry.expiresAt <= now) {
			put(key, delta, expiresAtIfCreated, now);
			return delta;
		}
		long next = entry.value + delta;
		put(key, next, entry.expiresAt, now);
		return next;
	}

	public boolean remove(long key, long now) {
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

	public int purgeExpired(long now) {
		int before = this.entries.size();
		this.entries.removeIf(entry -> entry.expiresAt <= now);
		int purged = before - this.entries.size();
		this.expirations += purged;
		return purged;
	}

	public int size(long now) {
		purgeExpired(now);
		return this.entries.size();
	}

	public Set<Long> liveKeys(long now) {
		Set<Long> keys = new TreeSet<>();
		this.entries.stream().filter(entry -> entry.expiresAt > now).forEach(entry -> keys.add(entry.key));
		return keys;
	}

	/** Entries evicted to make room. */
	public long evictions() {
		return this.evictions;
	}

	/** Expired entries reclaimed, by a write or remove that met them or by a purge. */
	public long expirations() {
		return this.expirations;
	}

	/** For a random rule: how many evictions the model made without knowing their victims yet. */
	public int unresolvedEvictions() {
		return this.unresolvedEvictions;
	}

	/**
	 * The live entry the rule evicts next, by a scan, or {@code null} when there is none
	 * (the model does not evict it).
	 * @throws IllegalStateException for a random rule
	 */
	public @Nullable Long nextVictim() {
		if (this.entries.isEmpty()) {
			return null;
		}
		return victim().key;
	}

	/**
	 * For a random rule: the live keys {@code storeKeys} the observed store holds name the
	 * victims the model owes; every entry live here but not there is taken as evicted.
	 * @throws AssertionError if the store evicted an entry the model could not, or not as
	 * many as it should have
	 */
	public void resolveEvictions(Set<Long> storeKeys, long now) {
		if (this.unresolvedEvictions == 0) {
			return;
		}
		Set<Long> evicted = new TreeSet<>(liveKeys(now));
		evicted.removeAll(storeKeys);
		evicted.forEach(this::evictObserved);
		if (this.unresolvedEvictions != 0) {
			throw new AssertionError(this.unresolvedEvictions + " random evictions the store did not make");
		}
	}

	/** For a random rule: the store evicted {@code key}; it must have been a live entry here. */
	public void evictObserved(long key) {
		Entry entry = find(key);
		if (entry == null || this.unresolvedEvictions == 0) {
			throw new AssertionError("store evicted " + key + ", which the model could not evict");
		}
		this.entries.remove(entry);
		this.unresolvedEvictions--;
	}

	/**
	 * Changes the bound as a store's run-time resize does: a lower one purges expired
	 * entries and evicts by the rule until the live entries fit (for a random rule, the
	 * victims are owed, to be named by {@link #resolveEvictions}).
	 */
	public void resize(long maxEntries, long now) {
		this.maxEntries = maxEntries;
		if (maxEntries == 0 || this.entries.size() - this.unresolvedEvictions <= maxEntries) {
			return;
		}
		purgeExpired(now);
		while (this.entries.size() - this.unresolvedEvictions > maxEntries) {
			this.evictions++;
			if (this.victimFirst == null) {
				this.unresolvedEvictions++;
			}
			else {
				this.entries.remove(victim());
			}
		}
	}

	private void makeRoom(long now) {
		if (this.maxEntries == 0 || this.entries.size() - this.unresolvedEvictions < this.maxEntries) {
			return;
		}
		purgeExpired(now);
		while (this.entries.size() - this.unresolvedEvictions >= this.maxEntries) {
			this.evictions++;
			if (this.victimFirst == null) {
				this.unresolvedEvictions++;
			}
			else {
				this.entries.remove(victim());
			}
		}
	}

	private Entry victim() {
		if (this.victimFirst == null) {
			throw new IllegalStateException("Random victims are observed, not predicted (" + this.rule + ")");
		}
		return this.entries.stream().min(this.victimFirst).orElseThrow();
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
