package io.polycache.local;

import java.util.random.RandomGenerator;

import io.polycache.core.EvictionPolicy;

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

	static Policy create(EvictionPolicy policy, RandomGenerator random) {
		return switch (policy) {
			case FIFO -> new OrderPolicy(false, false);
			case LIFO -> new OrderPolicy(false, true);
			case LRU -> new OrderPolicy(true, false);
			case MRU -> new OrderPolicy(true, true);
			case LFU -> new LfuPolicy();
			case RANDOM -> new RandomPolicy(random);
		};
	}

}
