package io.polycache.local;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link LocalStore}. Readers see only {@link #value}, a single volatile
 * field holding either the value itself (no expiry) or an {@link Expiring} pair, so a
 * reader can never pair one write's value with another write's expiry. Everything else
 * belongs to the store's eviction lock.
 */
final class Node {

	static final long NEVER = Long.MAX_VALUE;

	final Object key;

	/** The stored value, or an {@link Expiring} wrapping it with its expiry time. */
	volatile Object value;

	/** Expiry in clock milliseconds, {@link #NEVER} for none. Guarded by the eviction lock. */
	long expiresAt;

	/** Whether this node has left the store. Guarded by the eviction lock. */
	boolean removed;

	/** Neighbours in the policy's order. Guarded by the eviction lock. */
	@Nullable Node prev;

	@Nullable Node next;

	/** The LFU frequency bucket holding this node. Guarded by the eviction lock. */
	LfuPolicy.@Nullable Bucket bucket;

	/** Slot in the RANDOM policy's array. Guarded by the eviction lock. */
	int slot = -1;

	/** Slot in the expiry heap, or -1. Guarded by the eviction lock. */
	int heapSlot = -1;

	Node(Object key, Object value, long expiresAt) {
		this.key = key;
		this.value = value;
		this.expiresAt = expiresAt;
	}

	/** What readers store in {@link #value}: the bare value, or the value with its expiry. */
	static Object wrap(Object value, long expiresAt) {
		return (expiresAt == NEVER) ? value : new Expiring(value, expiresAt);
	}

	/** The value this node holds at {@code now}, or {@code null} if it has expired. */
	static @Nullable Object liveValue(Object stored, long now) {
		if (stored instanceof Expiring expiring) {
			return (now < expiring.expiresAt()) ? expiring.value() : null;
		}
		return stored;
	}

	/** The stored value without its expiry. */
	static Object unwrap(Object stored) {
		return (stored instanceof Expiring expiring) ? expiring.value() : stored;
	}

	/** A value with its expiry, published to readers as one reference. */
	record Expiring(Object value, long expiresAt) {
	}

}
