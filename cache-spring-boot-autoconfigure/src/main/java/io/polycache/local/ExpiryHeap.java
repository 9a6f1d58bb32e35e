package io.polycache.local;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The entries that expire, in a binary min-heap by the expiry each had when it was
 * scheduled, so the soonest to expire is found in O(1) and added, moved or removed in
 * O(log n). Entries that never expire are not in it.
 * <p>An entry's expiry may move later without the heap being told (a lock-free
 * overwrite): its scheduled time is then early, never late, so no expired entry is
 * missed; when that time comes, {@link #drainExpired} files it again under its current
 * expiry instead. An expiry moving earlier must be {@link #schedule rescheduled}.
 * <p>Its arrays double when full and halve once under a quarter full.
 * <p>Not thread-safe: used under the store's eviction lock.
 */
final class ExpiryHeap {

	private final ExpirySlots slots;

	private Node[] heap = new Node[Policy.MIN_ARRAY_LENGTH];

	/** The expiry each entry had when scheduled, parallel to {@link #heap}. */
	private long[] times = new long[Policy.MIN_ARRAY_LENGTH];

	private int count;

	ExpiryHeap(ExpirySlots slots) {
		this.slots = slots;
	}

	/** Adds the node, or moves it to its new place after its expiry changed. */
	void schedule(Node node) {
		int slot = this.slots.get(node);
		if (slot < 0) {
			if (this.count == this.heap.length) {
				resize(Policy.grownLength(this.count, 0));
			}
			slot = this.count++;
		}
		put(slot, node, node.expiresAt());
		siftDown(siftUp(slot));
	}

	void remove(Node node) {
		int slot = this.slots.get(node);
		if (slot < 0) {
			return;
		}
		int last = --this.count;
		Node moved = this.heap[last];
		long movedTime = this.times[last];
		this.heap[last] = null;
		this.slots.set(node, Node.UNSCHEDULED);
		if (moved != node) {
			put(slot, moved, movedTime);
			siftDown(siftUp(slot));
		}
		if (Policy.isSparse(this.heap.length, this.count)) {
			// Halved: a burst of entries filed here leaves no array sized for it.
			resize(this.heap.length / 2);
		}
	}

	private void resize(int length) {
		this.heap = Arrays.copyOf(this.heap, length);
		this.times = Arrays.copyOf(this.times, length);
	}

	/** Whether the earliest scheduled expiry has passed at {@code now}: O(1), and false whenever nothing has expired. */
	boolean hasExpired(long now) {
		return this.count > 0 && this.times[0] <= now;
	}

	/**
	 * Passes every node expired at {@code now} to {@code expired}, which must remove it
	 * from this heap; a node whose expiry moved later is filed again instead.
	 */
	void drainExpired(long now, Consumer<Node> expired) {
		while (this.count > 0 && this.times[0] <= now) {
			Node first = this.heap[0];
			long expiresAt = first.expiresAt();
			if (expiresAt <= now) {
				expired.accept(first);
			}
			else {
				this.times[0] = expiresAt;
				siftDown(0);
			}
		}
	}

	void clear() {
		for (int i = 0; i < this.count; i++) {
			this.slots.set(this.heap[i], Node.UNSCHEDULED);
		}
		this.heap = new Node[Policy.MIN_ARRAY_LENGTH];
		this.times = new long[Policy.MIN_ARRAY_LENGTH];
		this.count = 0;
	}

	int size() {
		return this.count;
	}

	/** The length of the heap's arrays; for tests. */
	int capacity() {
		return this.heap.length;
	}

	private int siftUp(int slot) {
		Node node = this.heap[slot];
		long time = this.times[slot];
		while (slot > 0) {
			int parent = (slot - 1) >>> 1;
			if (this.times[parent] <= time) {
				break;
			}
			put(slot, this.heap[parent], this.times[parent]);
			slot = parent;
		}
		put(slot, node, time);
		return slot;
	}

	private void siftDown(int slot) {
		Node node = this.heap[slot];
		long time = this.times[slot];
		int half = this.count >>> 1;
		while (slot < half) {
			int child = 2 * slot + 1;
			int right = child + 1;
			if (right < this.count && this.times[right] < this.times[child]) {
				child = right;
			}
			if (time <= this.times[child]) {
				break;
			}
			put(slot, this.heap[child], this.times[child]);
			slot = child;
		}
		put(slot, node, time);
	}

	private void put(int slot, Node node, long time) {
		this.heap[slot] = node;
		this.times[slot] = time;
		this.slots.set(node, slot);
	}

}
