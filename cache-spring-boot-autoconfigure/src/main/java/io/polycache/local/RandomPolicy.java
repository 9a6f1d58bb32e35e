package io.polycache.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * RANDOM: every entry in a dense array, so a uniformly random slot is a uniformly random
 * entry. Removal moves the last entry into the freed slot; an insert that evicts puts the
 * new entry in the victim's slot instead ({@link #replace}). The array doubles when full,
 * but not past the store's bound while below it, and halves once under a quarter full.
 */
final class RandomPolicy extends Policy {

	/** An entry and its place in the array. */
	static class SlotNode extends Node {

		/** Index in {@link #slots}. Guarded by the eviction lock. */
		int slot = -1;

		SlotNode(Object key, Object value) {
			super(key, value);
		}

		/** Whether it left the store: once published, only then is it in no slot. */
		@Override
		boolean isRemoved() {
			return this.slot < 0;
		}

	}

	/** A {@link SlotNode} that keeps its own expiry. */
	static final class ExpiringSlotNode extends SlotNode {

		private static final VarHandle EXPIRES_AT = expiresAtHandle(MethodHandles.lookup());

		/** Guarded as {@link Node#keepsExpiry()} says. */
		private volatile long expiresAt;

		/** See {@link Node#expirySlot()}. */
		private int expirySlot = UNSCHEDULED;

		/** See {@link Node#scheduledExpiry()}: in the 4 bytes the layout would pad. */
		private int scheduledExpiry;

		ExpiringSlotNode(Object key, Object value, long expiresAt) {
			super(key, value);
			EXPIRES_AT.set(this, expiresAt);
		}

		@Override
		boolean keepsExpiry() {
			return true;
		}

		@Override
		long ownExpiry() {
			return this.expiresAt;
		}

		@Override
		void setOwnExpiry(long expiresAt) {
			EXPIRES_AT.setRelease(this, expiresAt);
		}

		@Override
		int expirySlot() {
			return this.expirySlot;
		}

		@Override
		void setExpirySlot(int slot) {
			this.expirySlot = slot;
		}

		@Override
		boolean keepsScheduledExpiry() {
			return true;
		}

		@Override
		int scheduledExpiry() {
			return this.scheduledExpiry;
		}

		@Override
		void setScheduledExpiry(int offset) {
			this.scheduledExpiry = offset;
		}

	}

	private final RandomGenerator random;

	private SlotNode[] slots = new SlotNode[MIN_ARRAY_LENGTH];

	private int count;

	/** The store's bound, 0 for none. */
	private long bound;

	RandomPolicy(RandomGenerator random) {
		this.random = random;
	}

	@Override
	Node newNode(Object key, Object value, long expiresAt) {
		return (expiresAt == Node.NEVER) ? new SlotNode(key, value) : new ExpiringSlotNode(key, value, expiresAt);
	}

	@Override
	void onInsert(Node inserted) {
		SlotNode node = (SlotNode) inserted;
		if (this.count == this.slots.length) {
			this.slots = Arrays.copyOf(this.slots, grownLength(this.count, this.bound));
		}
		node.slot = this.count;
		this.slots[this.count++] = node;
	}

	@Override
	void onWrite(Node node) {
	}

	@Override
	void onRead(Node node) {
	}

	@Override
	void onRemove(Node removed) {
		SlotNode node = (SlotNode) removed;
		int slot = node.slot;
		SlotNode last = this.slots[--this.count];
		this.slots[slot] = last;
		last.slot = slot;
		this.slots[this.count] = null;
		node.slot = -1;
		if (isSparse(this.slots.length, this.count)) {
			// Halved, as the node table is: a store that emptied keeps no array sized for its peak.
			this.slots = Arrays.copyOf(this.slots, this.slots.length / 2);
		}
	}

	/**
	 * The new entry takes the victim's slot, so no other entry moves: which slot holds which
	 * entry does not change the chance of any entry to be the next victim.
	 */
	@Override
	void replace(Node victim, Node node) {
		SlotNode leaving = (SlotNode) victim;
		SlotNode entering = (SlotNode) node;
		int slot = leaving.slot;
		this.slots[slot] = entering;
		entering.slot = slot;
		leaving.slot = -1;
	}

	@Override
	Node victim() {
		return this.slots[this.random.nextInt(this.count)];
	}

	@Override
	void clear() {
		for (int i = 0; i < this.count; i++) {
			this.slots[i].slot = -1;
		}
		this.slots = new SlotNode[MIN_ARRAY_LENGTH];
		this.count = 0;
	}

	@Override
	void setBound(long maxEntries) {
		this.bound = maxEntries;
	}

	@Override
	boolean tracksReads() {
		return false;
	}

	/** The length of the slot array; for tests. */
	int capacity() {
		return this.slots.length;
	}

}
