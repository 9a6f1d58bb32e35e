package io.polycache.local;

import java.util.random.RandomGenerator;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.EvictionRule;

/**
 * One eviction policy as a small strategy: hooks for what happens to entries, and the
 * choice of a victim. Every method runs under the store's eviction lock, so
 * implementations need no synchronization of their own.
 */
abstract class Policy {

	/** The most slots an array of a policy or of the expiry queue holds: about the largest array a JVM makes. */
	static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

	/** The length a policy's array starts at, once it holds anything. */
	static final int MIN_ARRAY_LENGTH = 16;

	/**
	 * A new entry of the node type this policy keeps its bookkeeping in; one that
	 * {@link Node#keepsExpiry() keeps its expiry} unless {@code expiresAt} is {@link Node#NEVER}.
	 */
	abstract Node newNode(Object key, Object value, long expiresAt);

	/** A new entry, made by {@link #newNode}, entered the store. */
	abstract void onInsert(Node node);

	/** A live entry was overwritten. */
	abstract void onWrite(Node node);

	/** A live entry was read. Only called when {@link #tracksReads()}. */
	abstract void onRead(Node node);

	/** An entry left the store, for whatever reason. */
	abstract void onRemove(Node node);

	/** The entry to evict; only called while the store holds at least one entry. */
	abstract Node victim();

	/**
	 * The {@link #victim()} just chosen left the store and a new entry, made by
	 * {@link #newNode}, entered it in its place: as {@link #onRemove} of the victim then
	 * {@link #onInsert} of the entry, which is what this does. A policy whose new entry
	 * goes where the victim was (the end a list evicts from and inserts at, a random
	 * policy's slot) overrides it to reuse the victim's place, so that the eviction touches
	 * no other entry.
	 */
	void replace(Node victim, Node node) {
		onRemove(victim);
		onInsert(node);
	}

	/** Forgets every entry. */
	abstract void clear();

	/** Whether reads change this policy's order; when not, the read path skips it entirely. */
	abstract boolean tracksReads();

	/**
	 * The store's bound changed to {@code maxEntries} (0 for none), or was set when the store
	 * was made: a policy sizes its arrays for it ({@link #grownLength}).
	 */
	abstract void setBound(long maxEntries);

	/**
	 * The next length of a full array of {@code length} slots: doubled, but not past the
	 * store's {@code bound} while the array is below it, so a full bounded store pays one
	 * slot per entry, not up to two.
	 * @throws IllegalStateException if {@code length} is already the largest an array holds
	 */
	static int grownLength(int length, long bound) {
		if (length >= MAX_ARRAY_LENGTH) {
			throw new IllegalStateException("A local store holds at most " + MAX_ARRAY_LENGTH + " entries");
		}
		long grown = Math.max(MIN_ARRAY_LENGTH, 2L * length);
		if (bound > length) {
			grown = Math.min(grown, bound);
		}
		return (int) Math.min(grown, MAX_ARRAY_LENGTH);
	}

	/**
	 * Whether an array of {@code length} slots holding {@code count} should be halved: it
	 * is under a quarter full and above {@link #MIN_ARRAY_LENGTH}. Halved there, it is still
	 * under half full, so it grows again only after its count at least doubles: a count
	 * hovering near either threshold copies it at most once per O(length) operations.
	 */
	static boolean isSparse(int length, int count) {
		return length > MIN_ARRAY_LENGTH && count < length / 4;
	}

	/** The bookkeeping for {@code policy}'s {@link EvictionPolicy#rule() rule}. */
	static Policy create(EvictionPolicy policy, RandomGenerator random) {
		return create(policy.rule(), random);
	}

	/**
	 * The structure that keeps {@code rule}'s order in O(1): one list for a stamp,
	 * use-count buckets for use counts, a dense array for a random choice. The rule
	 * supplies every parameter; this only picks the structure.
	 */
	static Policy create(EvictionRule rule, RandomGenerator random) {
		return switch (rule.ranking()) {
			case INSERTION, LAST_USE -> new OrderPolicy(rule);
			case USE_COUNT -> new LfuPolicy(rule);
			case NONE -> new RandomPolicy(random);
		};
	}

}
