package io.polycache.local;

import org.jspecify.annotations.Nullable;

import static io.polycache.local.NodeTable.GONE;
import static io.polycache.local.NodeTable.NIL;

/**
 * An intrusive doubly-linked list of nodes through {@link LinkedNode#prev} and
 * {@link LinkedNode#next}, which are indexes into a {@link NodeTable} several lists may
 * share: O(1) add, unlink, move and remove, no allocation, and no reference stored but the
 * table's on add and remove. Not thread-safe.
 */
final class NodeList {

	private final NodeTable table;

	/** Index of the first node, {@link NodeTable#NIL} when empty. */
	int head = NIL;

	/** Index of the last node, {@link NodeTable#NIL} when empty. */
	int tail = NIL;

	NodeList(NodeTable table) {
		this.table = table;
	}

	boolean isEmpty() {
		return this.head == NIL;
	}

	@Nullable LinkedNode first() {
		return (this.head == NIL) ? null : this.table.at(this.head);
	}

	@Nullable LinkedNode last() {
		return (this.tail == NIL) ? null : this.table.at(this.tail);
	}

	/** Whether {@code node}, in this list, is the only one. */
	static boolean isAlone(LinkedNode node) {
		return node.prev == NIL && node.next == NIL;
	}

	/** Adds a node new to the table at the end. */
	void add(LinkedNode node) {
		linkLast(node, this.table.add(node));
	}

	/** Takes {@code node} out of this list and out of the table, for good. */
	void remove(LinkedNode node) {
		this.table.free(unlink(node));
		node.prev = NIL;
		node.next = GONE;
	}

	/**
	 * Takes {@code leaving} out of this list and out of the table, for good, and adds
	 * {@code entering}, new to the table, at the end, at the index {@code leaving} had. If
	 * {@code leaving} was last, {@code entering} takes its place and no other node is
	 * written.
	 */
	void replace(LinkedNode leaving, LinkedNode entering) {
		int index;
		if (leaving.next == NIL) {
			index = this.tail;
			entering.prev = leaving.prev;
			entering.next = NIL;
		}
		else {
			index = unlink(leaving);
			linkLast(entering, index);
		}
		this.table.set(index, entering);
		leaving.prev = NIL;
		leaving.next = GONE;
	}

	void moveToTail(LinkedNode node) {
		if (node.next != NIL) {
			linkLast(node, unlink(node));
		}
	}

	/** Moves {@code node} from this list to the end of {@code to}, which shares its table. */
	void moveTo(LinkedNode node, NodeList to) {
		to.linkLast(node, unlink(node));
	}

	/**
	 * Takes the node out of the list, keeping its place in the table; returns that index.
	 * The node's own links are left as they were, for the caller to set.
	 */
	private int unlink(LinkedNode node) {
		int prev = node.prev;
		int next = node.next;
		int index;
		if (prev == NIL) {
			index = this.head;
			this.head = next;
		}
		else {
			LinkedNode before = this.table.at(prev);
			index = before.next;
			before.next = next;
		}
		if (next == NIL) {
			this.tail = prev;
		}
		else {
			this.table.at(next).prev = prev;
		}
		return index;
	}

	private void linkLast(LinkedNode node, int index) {
		int tail = this.tail;
		node.prev = tail;
		node.next = NIL;
		if (tail == NIL) {
			this.head = index;
		}
		else {
			this.table.at(tail).next = index;
		}
		this.tail = index;
	}

	/** Empties the list, once its table is {@linkplain NodeTable#clear() cleared}. */
	void clear() {
		this.head = NIL;
		this.tail = NIL;
	}

}
