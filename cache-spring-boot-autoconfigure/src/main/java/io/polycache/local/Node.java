package io.polycache.local;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link LocalStore}. Readers see only {@link #value}, a single volatile
 * field holding either the value itself (no expiry) or an {@link Expiring} pair, so a
 * reader can never pair one write's value with another write's expiry. Everything else
 * belongs to the store's eviction lock.
 * <p>Each policy extends this with only the fields it needs ({@link LinkedNode},
 * {@link LfuPolicy.LfuNode}, {@link RandomPolicy.SlotNode}): an entry's size is its
 * policy's, not the sum of all six. The expiry time lives in the {@link Expiring} wrapper,
 * so an entry without a TTL pays nothing for it.
 */
class Node {

	static final long NEVER = Long.MAX_VALUE;

	/** {@link #heapSlot} of an entry that is live but not in the expiry heap. */
	static final int UNSCHEDULED = -1;

	/** {@link #heapSlot} of an entry that has left the store. */
	private static final int REMOVED = -2;

	final Object key;

	/** The stored value, or an {@link Expiring} wrapping it with its expiry time. */
	volatile Object value;

	/**
	 * Slot in the expiry heap, {@link #UNSCHEDULED}, or {@link #REMOVED} once the entry has
	 * left the store. Guarded by the eviction lock.
	 */
	int heapSlot = UNSCHEDULED;

	Node(Object key, Object value) {
		this.key = key;
		this.value = value;
	}

	/** Expiry in clock milliseconds, {@link #NEVER} for none. */
	final long expiresAt() {
		return (this.value instanceof Expiring expiring) ? expiring.expiresAt() : NEVER;
	}

	/** Whether this entry has left the store. Call under the eviction lock. */
	final boolean isRemoved() {
		return this.heapSlot == REMOVED;
	}

	/** Marks the entry as gone, once it is out of the map, the policy and the expiry heap. */
	final void markRemoved() {
		this.heapSlot = REMOVED;
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
