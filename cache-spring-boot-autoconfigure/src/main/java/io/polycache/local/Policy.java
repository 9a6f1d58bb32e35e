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

	/** Forgets every entry. */
	abstract void clear();

	/** Whether reads change this policy's order; when not, the read path skips it entirely. */
	abstract boolean tracksReads();

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
