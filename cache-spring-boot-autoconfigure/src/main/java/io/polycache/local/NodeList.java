package io.polycache.local;

import org.jspecify.annotations.Nullable;

/**
 * An intrusive doubly-linked list of nodes through {@link Node#prev} and
 * {@link Node#next}: O(1) append, unlink and move, no allocation. Not thread-safe.
 */
final class NodeList {

	@Nullable Node head;

	@Nullable Node tail;

	boolean isEmpty() {
		return this.head == null;
	}

	void append(Node node) {
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

	void unlink(Node node) {
		Node prev = node.prev;
		Node next = node.next;
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

	void moveToTail(Node node) {
		if (this.tail != node) {
			unlink(node);
			append(node);
		}
	}

	void clear() {
		this.head = null;
		this.tail = null;
	}

}
