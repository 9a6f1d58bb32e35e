package io.polycache.local;

import java.util.Arrays;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The entries that expire, by the expiry each had when it was scheduled: in O(1) when
 * entries are scheduled in order of expiry, as when every write has the same TTL, and in
 * O(log n) otherwise. Entries that never expire are not in it.
 * <p>Two parts: a FIFO ring of entries whose scheduled expiries never decrease from head
 * to tail (appended at the tail, removed from anywhere by clearing their slot; expiries
 * kept as 32-bit offsets, so 8 bytes an entry with the reference, or 4 when the nodes
 * {@linkplain Node#keepsScheduledExpiry() keep their offsets} themselves), and an
 * {@link ExpiryHeap} for an entry that expires before the ring's last or more than about
 * 24 days after its first. A node's place, kept by {@link ExpirySlots}, says where it
 * is: its heap slot ({@code >= 0}), or {@code -3 - index} for ring index {@code index}.
 * <p>The ring doubles when its tail reaches the end with it over half full (else its live
 * entries move to the front), and halves once under an eighth full: between two changes of
 * its length, its count at least doubles or halves.
 * <p>An entry's expiry may move later without this being told (a lock-free overwrite): it
 * is then filed again when its scheduled time comes; see {@link ExpiryHeap}. An expiry
 * that moves earlier must be {@link #schedule rescheduled}.
 * <p>Not thread-safe: used under the store's eviction lock.
 */
final class ExpiryQueue {

	private static final int RING_OFFSET = -3;

	private final ExpirySlots slots = new ExpirySlots();

	private final ExpiryHeap heap = new ExpiryHeap(this.slots);

	private Node[] ring = new Node[Policy.MIN_ARRAY_LENGTH];

	/**
	 * Scheduled expiries, parallel to {@link #ring}, as offsets from {@link #base}: 4 bytes
	 * an entry; {@code null} while {@link #timesInNodes}.
	 */
	private int @Nullable [] times;

	/**
	 * Whether the ring's nodes {@linkplain Node#keepsScheduledExpiry() keep their offsets}
	 * themselves, so that the ring needs no array of times: decided by the first node ever
	 * scheduled (in an LFU or RANDOM store, one inserted with a TTL). Then a node without
	 * that field (one given a TTL after its insert) goes to the heap. Fixed for the queue's
	 * life, so that reading a time never loads a node only to ask where its time is.
	 */
	private boolean timesInNodes;

	/** Whether {@link #timesInNodes} is decided: once a node was scheduled. */
	private boolean timesDecided;

	/** The offset of the last entry appended, kept when that entry leaves. */
	private int lastTime;

	/** What {@link #times} are offsets from; moved to the head's time whenever the ring is compacted. */
	private long base;

	/** Position of the ring's first slot; slots before {@link #tail} may be cleared. */
	private int head;

	/** Position after the ring's last slot; positions are indexes, the ring never wraps. */
	private int tail;

	/** Entries in the ring: slots between head and tail that are not cleared. */
	private int ringCount;

	/** Adds the node, or moves it to its new place after its expiry changed. */
	void schedule(Node node) {
		remove(node);
		if (!this.timesDecided) {
			this.timesDecided = true;
			this.timesInNodes = node.keepsScheduledExpiry();
			this.times = this.timesInNodes ? null : new int[this.ring.length];
		}
		if (this.timesInNodes && !node.keepsScheduledExpiry()) {
			this.heap.schedule(node);
			return;
		}
		long expiresAt = node.expiresAt();
		if (this.tail == this.head) {
			this.base = expiresAt;
		}
		long offset = expiresAt - this.base;
		if (offset > Integer.MAX_VALUE || this.tail > this.head && offset < this.lastTime) {
			// Before the ring's last, or too far after its first (about 24 days): the heap.
			this.heap.schedule(node);
			return;
		}
		if (this.tail == this.ring.length) {
			makeRoom();
			offset = expiresAt - this.base;
		}
		this.ring[this.tail] = node;
		setTime(this.tail, node, (int) offset);
		this.lastTime = (int) offset;
		this.slots.set(node, RING_OFFSET - this.tail);
		this.tail++;
		this.ringCount++;
	}

	void remove(Node node) {
		int slot = this.slots.get(node);
		if (slot >= 0) {
			this.heap.remove(node);
		}
		else if (slot <= RING_OFFSET) {
			this.ring[RING_OFFSET - slot] = null;
			this.slots.set(node, Node.UNSCHEDULED);
			this.ringCount--;
			skipCleared();
			if (this.ring.length > Policy.MIN_ARRAY_LENGTH && this.ringCount < this.ring.length / 8) {
				// Halved below an eighth full, so that a store that emptied keeps no ring sized for its
				// peak. Not at a quarter: the ring doubles once over half full, a quarter of the new
				// length, and a count hovering there would copy it back and forth every few hundred appends.
				compact(this.ring.length / 2);
			}
		}
	}

	/** The lengths of the ring's array and the heap's; for tests. */
	int[] capacities() {
		return new int[] { this.ring.length, this.heap.capacity() };
	}

	/** Positions from the ring's first entry to after its last, cleared slots between them included; for tests. */
	int ringSpan() {
		return this.tail - this.head;
	}

	/** Whether an entry's scheduled expiry has passed at {@code now}: O(1). */
	boolean hasExpired(long now) {
		return (this.head < this.tail && this.base + time(this.head) <= now) || this.heap.hasExpired(now);
	}

	/**
	 * Passes every node expired at {@code now} to {@code expired}, which must remove it;
	 * a node whose expiry moved later is filed again instead.
	 */
	void drainExpired(long now, Consumer<Node> expired) {
		while (this.head < this.tail && this.base + time(this.head) <= now) {
			fileOrExpire(this.ring[this.head], now, expired);
		}
		this.heap.drainExpired(now, expired);
	}

	private void fileOrExpire(Node node, long now, Consumer<Node> expired) {
		if (node.expiresAt() <= now) {
			expired.accept(node);
		}
		else {
			schedule(node);
		}
	}

	void clear() {
		for (int i = this.head; i < this.tail; i++) {
			if (this.ring[i] != null) {
				this.slots.set(this.ring[i], Node.UNSCHEDULED);
			}
		}
		this.ring = new Node[Policy.MIN_ARRAY_LENGTH];
		this.times = (this.times != null) ? new int[Policy.MIN_ARRAY_LENGTH] : null;
		this.head = 0;
		this.tail = 0;
		this.ringCount = 0;
		this.heap.clear();
		this.slots.clear();
	}

	int size() {
		return this.ringCount + this.heap.size();
	}

	/**
	 * Moves the head past cleared slots, and the tail back over them: an entry removed
	 * soon after it was scheduled (the victim of MRU or LIFO, or of LFU among entries used
	 * once) leaves no hole behind, so the ring needs no {@link #makeRoom compaction}, which
	 * writes the place of every entry it moves. The last time appended stays: every entry
	 * left expires no later, so the order the ring keeps still holds.
	 */
	private void skipCleared() {
		while (this.head < this.tail && this.ring[this.head] == null) {
			this.head++;
		}
		while (this.tail > this.head && this.ring[this.tail - 1] == null) {
			this.tail--;
		}
		if (this.head == this.tail) {
			this.head = 0;
			this.tail = 0;
		}
	}

	/** The scheduled offset of the ring's entry at {@code index}, which must not be cleared. */
	private int time(int index) {
		return this.timesInNodes ? this.ring[index].scheduledExpiry() : this.times[index];
	}

	private void setTime(int index, Node node, int offset) {
		if (this.timesInNodes) {
			node.setScheduledExpiry(offset);
		}
		else {
			this.times[index] = offset;
		}
	}

	/**
	 * Moves the live entries to the front, into an array twice as large if they fill more
	 * than half of it: O(n), at most once per n/2 appends.
	 */
	private void makeRoom() {
		compact((this.ringCount > this.ring.length / 2) ? Policy.grownLength(this.ring.length, 0) : this.ring.length);
	}

	/**
	 * Moves the live entries to the front, into new arrays of {@code length} slots (at
	 * least {@link #ringCount}) unless that is the length they have: O(n).
	 */
	private void compact(int length) {
		Node[] from = this.ring;
		int[] fromTimes = this.times;
		// The head's offset is the least: rebasing on it keeps every offset in range.
		int shift = (this.ringCount > 0) ? time(this.head) : 0;
		if (length != from.length) {
			this.ring = new Node[length];
			this.times = (fromTimes != null) ? new int[length] : null;
		}
		this.base += shift;
		this.lastTime -= shift;
		int to = 0;
		for (int i = this.head; i < this.tail; i++) {
			Node node = from[i];
			if (node != null) {
				int time = (this.timesInNodes ? node.scheduledExpiry() : fromTimes[i]) - shift;
				from[i] = null;
				this.ring[to] = node;
				setTime(to, node, time);
				this.slots.set(node, RING_OFFSET - to);
				to++;
			}
		}
		if (this.ring == from) {
			Arrays.fill(from, to, this.tail, null);
		}
		this.head = 0;
		this.tail = to;
	}

}
