package io.polycache.local;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The array the {@link NodeList}s of one policy index into: a {@link LinkedNode}'s links
 * are the indexes of its neighbours here, not references to them. So moving a node in its
 * list stores only {@code int}s, which no collector's write barrier sees; G1's barrier on
 * the references a move stored into old nodes cost LRU's and MRU's reads about half of
 * their speed (docs/performance.md). Only adding and removing a node store a reference,
 * into this array.
 * <p>A node's own index is not stored: it is its predecessor's {@code next}, or its list's
 * head. The array is dense but for at most one hole: a removal leaves its index free for
 * the next add, so a removal followed by an insert moves no node; a second removal before
 * that add fills a hole from the end. An insert that evicts skips the hole: its node takes
 * the victim's index ({@link NodeList#replace}). The array doubles when full, but not past the
 * store's bound while below it ({@link Policy#grownLength}), and halves once under a
 * quarter full.
 * Not thread-safe: used under the eviction lock.
 */
final class NodeTable {

	/** The link of a node with no neighbour on that side. */
	static final int NIL = -1;

	/** The {@code next} link of a node removed for good, which {@link LinkedNode#isRemoved()} reads. */
	static final int GONE = -2;

	private static final LinkedNode[] EMPTY = {};

	/** The list each node is in, to mend its head or tail when a node moves to another index. */
	private final Function<LinkedNode, NodeList> listOf;

	private LinkedNode[] nodes = EMPTY;

	/** Indexes below this are in use: a node's, or the {@link #hole}. */
	private int end;

	/** The one free index below {@link #end}, {@link #NIL} if none. */
	private int hole = NIL;

	/** The store's bound, 0 for none: the array grows no further than it while below it. */
	private long bound;

	NodeTable(Function<LinkedNode, NodeList> listOf) {
		this.listOf = listOf;
	}

	LinkedNode at(int index) {
		return this.nodes[index];
	}

	/** Takes {@code node} in and returns its index. */
	int add(LinkedNode node) {
		int index = this.hole;
		if (index != NIL) {
			this.hole = NIL;
		}
		else {
			if (this.end == this.nodes.length) {
				this.nodes = Arrays.copyOf(this.nodes, Policy.grownLength(this.end, this.bound));
			}
			index = this.end++;
		}
		this.nodes[index] = node;
		return index;
	}

	/** Puts {@code node}, new to the table, at the index of a node that leaves it. */
	void set(int index, LinkedNode node) {
		this.nodes[index] = node;
	}

	/**
	 * Frees {@code index}, whose node is already out of its list. It becomes the hole; if
	 * there is one already, the last index is freed instead, its node (and its neighbours'
	 * links, or its list's ends) moving into one of the two.
	 */
	void free(int index) {
		this.nodes[index] = null;
		if (this.hole == NIL) {
			this.hole = index;
			return;
		}
		int last = --this.end;
		if (last == this.hole) {
			this.hole = index;
		}
		else if (last != index) {
			moveLast(last, index);
		}
		if (Policy.isSparse(this.nodes.length, this.end)) {
			this.nodes = Arrays.copyOf(this.nodes, this.nodes.length / 2);
		}
	}

	private void moveLast(int last, int to) {
		LinkedNode moved = this.nodes[last];
		this.nodes[last] = null;
		this.nodes[to] = moved;
		if (moved.prev == NIL) {
			this.listOf.apply(moved).head = to;
		}
		else {
			this.nodes[moved.prev].next = to;
		}
		if (moved.next == NIL) {
			this.listOf.apply(moved).tail = to;
		}
		else {
			this.nodes[moved.next].prev = to;
		}
	}

	/** Sizes the array for a store of at most {@code maxEntries} entries, 0 for no bound. */
	void setBound(long maxEntries) {
		this.bound = maxEntries;
	}

	/** Calls {@code action} with every node, in no particular order. */
	void forEach(Consumer<LinkedNode> action) {
		for (int i = 0; i < this.end; i++) {
			LinkedNode node = this.nodes[i];
			if (node != null) {
				action.accept(node);
			}
		}
	}

	/**
	 * Marks every node {@link LinkedNode#isRemoved() removed} and forgets it, unlinked, so a
	 * node still referenced elsewhere (a read buffer) retains no other; each list is then
	 * {@linkplain NodeList#clear() emptied}.
	 */
	void clear() {
		forEach((node) -> {
			node.prev = NIL;
			node.next = GONE;
		});
		this.nodes = EMPTY;
		this.end = 0;
		this.hole = NIL;
	}

	/** The number of nodes. */
	int size() {
		return (this.hole == NIL) ? this.end : this.end - 1;
	}

	/** The length of the array; for tests. */
	int capacity() {
		return this.nodes.length;
	}

}
