package io.polycache.local;

import org.jspecify.annotations.Nullable;

/**
 * An intrusive doubly-linked list of nodes through {@link LinkedNode#prev} and
 * {@link LinkedNode#next}: O(1) append, unlink and move, no allocation. Not thread-safe.
 */
final class NodeList {

	@Nullable LinkedNode head;

	@Nullable LinkedNode tail;

	boolean isEmpty() {
		return this.head == null;
	}

	void append(LinkedNode node) {
		node.prev = this.tail;
		node.next = null;
		if (this.tail == null) {
			this.head = node;
		}
		else {
			this.tail.next = node;
		}
		this.tail = node;
	}

	void unlink(LinkedNode node) {
		LinkedNode prev = node.prev;
		LinkedNode next = node.next;
		if (prev == null) {
			this.head = next;
		}
		else {
			prev.next = next;
		}
		if (next == null) {
			this.tail = prev;
		}
		else {
			next.prev = prev;
		}
		node.prev = null;
		node.next = null;
	}

	/** Unlinks the node for good: it stays linked to itself, which {@link LinkedNode#isRemoved()} reads. */
	void remove(LinkedNode node) {
		unlink(node);
		node.next = node;
	}

	void moveToTail(LinkedNode node) {
		if (this.tail != node) {
			unlink(node);
			append(node);
		}
	}

	/**
	 * Empties the list and {@link #remove removes} every node, so a node still referenced
	 * elsewhere retains no other.
	 */
	void clear() {
		LinkedNode node = this.head;
		while (node != null) {
			LinkedNode next = node.next;
			node.prev = null;
			node.next = node;
			node = next;
		}
		this.head = null;
		this.tail = null;
	}

}
