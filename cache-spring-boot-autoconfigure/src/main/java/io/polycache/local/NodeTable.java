package io.polycache.local;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The dense array the {@link NodeList}s of one policy index into: a {@link LinkedNode}'s
 * links are the indexes of its neighbours here, not references to them. So moving a node
 * in its list stores only {@code int}s, which no collector's write barrier sees; G1's
 * barrier on a reference stored into an old node cost LRU's and MRU's reads a third of
 * their speed (docs/performance.md). Only adding and removing a node store a reference,
 * into this array.
 * <p>A node's own index is not stored: it is its predecessor's {@code next}, or its list's
 * head. Removal moves the last node into the freed index, so the array stays dense, and
 * it shrinks once under a quarter full. Not thread-safe: used under the eviction lock.
 */
final class NodeTable {

	/** The link of a node with no neighbour on that side. */
	static final int NIL = -1;

	/** The {@code next} link of a node removed for good, which {@link LinkedNode#isRemoved()} reads. */
	static final int GONE = -2;

	private static final int MIN_CAPACITY = 16;

	private static final LinkedNode[] EMPTY = {};

	/** The list each node is in, to mend its head or tail when a removal moves the node. */
	private final Function<LinkedNode, NodeList> listOf;

	private LinkedNode[] nodes = EMPTY;

	private int size;

	NodeTable(Function<LinkedNode, NodeList> listOf) {
		this.listOf = listOf;
	}

	LinkedNode at(int index) {
		return this.nodes[index];
	}

	/** Takes {@code node} in and returns its index. */
	int add(LinkedNode node) {
		if (this.size == this.nodes.length) {
			this.nodes = Arrays.copyOf(this.nodes, Math.max(MIN_CAPACITY, this.size * 2));
		}
		this.nodes[this.size] = node;
		return this.size++;
	}

	/**
	 * Frees {@code index}, whose node is already out of its list: the last node moves into
	 * it, and its neighbours (or its list's ends) follow it there.
	 */
	void free(int index) {
		int last = --this.size;
		if (index != last) {
			LinkedNode moved = this.nodes[last];
			this.nodes[index] = moved;
			if (moved.prev == NIL) {
				this.listOf.apply(moved).head = index;
			}
			else {
				this.nodes[moved.prev].next = index;
			}
			if (moved.next == NIL) {
				this.listOf.apply(moved).tail = index;
			}
			else {
				this.nodes[moved.next].prev = index;
			}
		}
		this.nodes[last] = null;
		if (this.nodes.length > MIN_CAPACITY && this.size < this.nodes.length / 4) {
			this.nodes = Arrays.copyOf(this.nodes, this.nodes.length / 2);
		}
	}

	/**
	 * Marks every node {@link LinkedNode#isRemoved() removed} and forgets it, unlinked, so a
	 * node still referenced elsewhere (a read buffer) retains no other; each list is then
	 * {@linkplain NodeList#clear() emptied}.
	 */
	void clear() {
		for (int i = 0; i < this.size; i++) {
			LinkedNode node = this.nodes[i];
			node.prev = NIL;
			node.next = GONE;
		}
		this.nodes = EMPTY;
		this.size = 0;
	}

	int size() {
		return this.size;
	}

}
