package io.polycache.local;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link LocalStore}. Readers see only {@link #value}, a single volatile
 * field holding either the value itself (no expiry) or an {@link Expiring} pair, so a
 * reader can never pair one write's value with another write's expiry. Everything else
 * belongs to the store's eviction lock. While an insertion evicts, the new entry is
 * {@link Pending} and the victim {@link Evicted}, so readers see the eviction and the
 * insertion as one step, never one without the other.
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

	/**
	 * The value a reader sees in {@code stored}, or {@code null} if the entry has expired,
	 * is not yet inserted, or has been evicted.
	 */
	static @Nullable Object liveValue(Object stored, Clock clock) {
		if (!(stored instanceof Marked marked)) {
			return stored;
		}
		if (marked instanceof Expiring expiring) {
			return (clock.millis() < expiring.expiresAt()) ? expiring.value() : null;
		}
		if (marked instanceof Evicted evicted) {
			// Still there until the entry that evicts it is in: both change in one write.
			return (evicted.by().value instanceof Pending) ? liveValue(evicted.stored(), clock) : null;
		}
		return null;
	}

	/** The stored value without its expiry. Under the eviction lock, where nothing is pending. */
	static Object unwrap(Object stored) {
		return (stored instanceof Expiring expiring) ? expiring.value() : stored;
	}

	/** What {@link #value} holds when it is not a bare value. */
	sealed interface Marked permits Expiring, Pending, Evicted {
	}

	/** A value with its expiry, published to readers as one reference. */
	record Expiring(Object value, long expiresAt) implements Marked {
	}

	/**
	 * A new entry in the map but not yet visible: while it is, the entry it evicts still
	 * is. Replacing it with the value is the one write that makes both changes at once.
	 */
	record Pending(Object stored) implements Marked {
	}

	/** An evicted entry's value: visible for exactly as long as {@code by} is {@link Pending}. */
	record Evicted(Object stored, Node by) implements Marked {
	}

}
