package io.polycache.local;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The entries that expire, in a binary min-heap by expiry time, so the soonest to expire
 * is found in O(1) and added, moved or removed in O(log n). Entries that never expire
 * are not in it. Not thread-safe: used under the store's eviction lock.
 */
final class ExpiryHeap {

	private Node[] heap = new Node[16];

	private int count;

	/** Adds the node, or moves it to its new place after its expiry changed. */
	void schedule(Node node) {
		if (node.heapSlot < 0) {
			if (this.count == this.heap.length) {
				this.heap = Arrays.copyOf(this.heap, this.count * 2);
			}
			node.heapSlot = this.count;
			this.heap[this.count++] = node;
		}
		siftDown(siftUp(node.heapSlot));
	}

	void remove(Node node) {
		int slot = node.heapSlot;
		if (slot < 0) {
			return;
		}
		Node last = this.heap[--this.count];
		this.heap[this.count] = null;
		node.heapSlot = Node.UNSCHEDULED;
		if (last != node) {
			put(slot, last);
			siftDown(siftUp(slot));
		}
	}

	/** Whether the earliest expiry has passed at {@code now}: O(1). */
	boolean hasExpired(long now) {
		return this.count > 0 && this.heap[0].expiresAt() <= now;
	}

	/** Passes every node expired at {@code now} to {@code expired}, which must remove it from this heap. */
	void drainExpired(long now, Consumer<Node> expired) {
		while (this.count > 0 && this.heap[0].expiresAt() <= now) {
			expired.accept(this.heap[0]);
		}
	}

	void clear() {
		for (int i = 0; i < this.count; i++) {
			this.heap[i].heapSlot = Node.UNSCHEDULED;
			this.heap[i] = null;
		}
		this.count = 0;
	}

	int size() {
		return this.count;
	}

	private int siftUp(int slot) {
		Node node = this.heap[slot];
		long expiresAt = node.expiresAt();
		while (slot > 0) {
			int parent = (slot - 1) >>> 1;
			if (this.heap[parent].expiresAt() <= expiresAt) {
				break;
			}
			put(slot, this.heap[parent]);
			slot = parent;
		}
		put(slot, node);
		return slot;
	}

	private void siftDown(int slot) {
		Node node = this.heap[slot];
		long expiresAt = node.expiresAt();
		int half = this.count >>> 1;
		while (slot < half) {
			int child = 2 * slot + 1;
			int right = child + 1;
			long childExpiresAt = this.heap[child].expiresAt();
			if (right < this.count) {
				long rightExpiresAt = this.heap[right].expiresAt();
				if (rightExpiresAt < childExpiresAt) {
					child = right;
					childExpiresAt = rightExpiresAt;
				}
			}
			if (expiresAt <= childExpiresAt) {
				break;
			}
			put(slot, this.heap[child]);
			slot = child;
		}
		put(slot, node);
	}

	private void put(int slot, Node node) {
		this.heap[slot] = node;
		node.heapSlot = slot;
	}

}
