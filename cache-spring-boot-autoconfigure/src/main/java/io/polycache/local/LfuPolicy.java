package io.polycache.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import io.polycache.core.EvictionRule.End;
import io.polycache.core.EvictionRule.Ranking;
import io.polycache.core.EvictionRule;

/**
 * A rule by use count (LFU), in O(1) per operation: one bucket per use count, buckets in
 * ascending count order, and inside each bucket its entries in order of last use (an entry
 * enters a bucket when it is used). A new entry has one use; every read that hits and every
 * write adds one. The victim is in the lowest bucket: its least recently used entry, or its
 * most recently used one, as the rule's {@linkplain EvictionRule#amongEqualCounts() choice
 * among equal counts} says.
 * <p>Steady use allocates nothing: an entry alone in its bucket takes the bucket with it
 * to the next count, and up to 1,024 buckets that empty are kept for the next counts that
 * need one (as Zipf reads spread the counts, buckets empty and are needed again in bursts of
 * hundreds; a store never keeps more spares than it once had buckets in use).
 * <p>Like the links of a {@link NodeList}, an entry's bucket is an {@code int}, the
 * bucket's index in an array of buckets, so that a use which changes an entry's bucket
 * stores no reference into it (docs/performance.md, "A move stores no reference"). The
 * array has a slot, 4 bytes, for every id given out: the buckets in use, the spares, and
 * the freed ids of discarded buckets, which new buckets take first. It keeps its length
 * until {@link #clear()} starts it anew.
 */
final class LfuPolicy extends Policy {

	/** An entry and the bucket of its use count. */
	static class LfuNode extends LinkedNode {

		/**
		 * The {@link Bucket#id} of the bucket holding this node, an {@code int} for the
		 * reason its links are ({@link NodeTable}): a use that changes bucket then stores
		 * no reference. Guarded by the eviction lock.
		 */
		int bucket;

		LfuNode(Object key, Object value) {
			super(key, value);
		}

	}

	/** An {@link LfuNode} that keeps its own expiry. */
	static final class ExpiringLfuNode extends LfuNode {

		private static final VarHandle EXPIRES_AT = expiresAtHandle(MethodHandles.lookup());

		/** Guarded as {@link Node#keepsExpiry()} says. */
		private volatile long expiresAt;

		/** See {@link Node#expirySlot()}. */
		private int expirySlot = UNSCHEDULED;

		/** See {@link Node#scheduledExpiry()}: in the 4 bytes the layout would pad. */
		private int scheduledExpiry;

		ExpiringLfuNode(Object key, Object value, long expiresAt) {
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

	/** Entries with the same use count, least recently used first. */
	static final class Bucket {

		/** Its index in {@link LfuPolicy#buckets}, for as long as it is in use or a spare. */
		final int id;

		/** The use count of every entry here. Guarded by the eviction lock. */
		long uses;

		final NodeList entries;

		@Nullable Bucket prev;

		@Nullable Bucket next;

		Bucket(int id, long uses, NodeTable table) {
			this.id = id;
			this.uses = uses;
			this.entries = new NodeList(table);
		}

	}

	/** The entries of every bucket. */
	private final NodeTable table = new NodeTable((node) -> bucketOf((LfuNode) node).entries);

	/** Every bucket in use or kept as a spare, at its {@link Bucket#id}; {@code null} where an id is free. */
	private Bucket[] buckets = new Bucket[MIN_ARRAY_LENGTH];

	/** Ids below this have been given out. */
	private int idsIssued;

	/** Ids of discarded buckets, for the next new ones. */
	private int[] freeIds = new int[MIN_ARRAY_LENGTH];

	private int freeIdCount;

	/** Whether the victim is the most recently used of the lowest bucket, not the least. */
	private final boolean newestAmongEquals;

	private @Nullable Bucket lowest;

	/** The most emptied buckets kept for reuse: 56 bytes each. */
	private static final int MAX_SPARES = 1024;

	/** Emptied buckets, linked through {@link Bucket#next}, kept so reads do not allocate. */
	private @Nullable Bucket spares;

	private int spareCount;

	LfuPolicy(EvictionRule rule) {
		if (rule.ranking() != Ranking.USE_COUNT) {
			throw new IllegalArgumentException("Not a rule by use count: " + rule);
		}
		this.newestAmongEquals = rule.amongEqualCounts() == End.HIGHEST;
	}

	@Override
	Node newNode(Object key, Object value, long expiresAt) {
		return (expiresAt == Node.NEVER) ? new LfuNode(key, value) : new ExpiringLfuNode(key, value, expiresAt);
	}

	@Override
	void onInsert(Node node) {
		Bucket first = this.lowest;
		if (first == null || first.uses != 1) {
			first = insertAfter(null, 1);
		}
		LfuNode entry = (LfuNode) node;
		first.entries.add(entry);
		entry.bucket = first.id;
	}

	@Override
	void onWrite(Node node) {
		onRead(node);
	}

	@Override
	void onRead(Node read) {
		LfuNode node = (LfuNode) read;
		Bucket current = bucketOf(node);
		long uses = current.uses + 1;
		Bucket next = current.next;
		if (next == null || next.uses != uses) {
			if (NodeList.isAlone(node)) {
				// Alone in its bucket: the bucket moves up with it, still below the next one.
				current.uses = uses;
				return;
			}
			next = insertAfter(current, uses);
		}
		current.entries.moveTo(node, next.entries);
		node.bucket = next.id;
		dropIfEmpty(current);
	}

	@Override
	void onRemove(Node removed) {
		LfuNode node = (LfuNode) removed;
		Bucket bucket = bucketOf(node);
		bucket.entries.remove(node);
		dropIfEmpty(bucket);
	}

	/**
	 * When the victim had one use, the new entry joins the victim's bucket, last, in the
	 * victim's place if that was last (the newest among equal counts); else as
	 * {@link Policy#replace}.
	 */
	@Override
	void replace(Node victim, Node node) {
		LfuNode leaving = (LfuNode) victim;
		Bucket bucket = bucketOf(leaving);
		if (bucket.uses != 1) {
			super.replace(victim, node);
			return;
		}
		LfuNode entering = (LfuNode) node;
		bucket.entries.replace(leaving, entering);
		entering.bucket = bucket.id;
	}

	@Override
	Node victim() {
		NodeList fewest = this.lowest.entries;
		return this.newestAmongEquals ? fewest.last() : fewest.first();
	}

	@Override
	void clear() {
		this.table.clear();
		for (Bucket bucket = this.lowest; bucket != null;) {
			bucket.entries.clear();
			Bucket next = bucket.next;
			bucket.prev = null;
			bucket.next = null;
			bucket = next;
		}
		this.lowest = null;
		this.spares = null;
		this.spareCount = 0;
		this.buckets = new Bucket[MIN_ARRAY_LENGTH];
		this.idsIssued = 0;
		this.freeIds = new int[MIN_ARRAY_LENGTH];
		this.freeIdCount = 0;
	}

	@Override
	void setBound(long maxEntries) {
		this.table.setBound(maxEntries);
	}

	@Override
	boolean tracksReads() {
		return true;
	}

	/** Drops {@code bucket} if its last entry just left it, and keeps it as a spare if there is room. */
	private void dropIfEmpty(Bucket bucket) {
		if (bucket.entries.isEmpty()) {
			if (bucket.prev == null) {
				this.lowest = bucket.next;
			}
			else {
				bucket.prev.next = bucket.next;
			}
			if (bucket.next != null) {
				bucket.next.prev = bucket.prev;
			}
			bucket.prev = null;
			bucket.next = null;
			if (this.spareCount < MAX_SPARES) {
				bucket.next = this.spares;
				this.spares = bucket;
				this.spareCount++;
			}
			else {
				discard(bucket);
			}
		}
	}

	private Bucket bucketOf(LfuNode node) {
		return this.buckets[node.bucket];
	}

	/** A bucket with a free id. */
	private Bucket newBucket(long uses) {
		int id;
		if (this.freeIdCount > 0) {
			id = this.freeIds[--this.freeIdCount];
		}
		else {
			id = this.idsIssued++;
			if (id == this.buckets.length) {
				this.buckets = Arrays.copyOf(this.buckets, grownLength(id, 0));
			}
		}
		Bucket bucket = new Bucket(id, uses, this.table);
		this.buckets[id] = bucket;
		return bucket;
	}

	/** Forgets a bucket that is neither in use nor kept as a spare, and frees its id. */
	private void discard(Bucket bucket) {
		this.buckets[bucket.id] = null;
		if (this.freeIdCount == this.freeIds.length) {
			this.freeIds = Arrays.copyOf(this.freeIds, grownLength(this.freeIdCount, 0));
		}
		this.freeIds[this.freeIdCount++] = bucket.id;
	}

	private Bucket insertAfter(@Nullable Bucket before, long uses) {
		Bucket bucket = this.spares;
		if (bucket != null) {
			this.spares = bucket.next;
			this.spareCount--;
			bucket.uses = uses;
		}
		else {
			bucket = newBucket(uses);
		}
		bucket.prev = before;
		bucket.next = (before != null) ? before.next : this.lowest;
		if (bucket.next != null) {
			bucket.next.prev = bucket;
		}
		if (before != null) {
			before.next = bucket;
		}
		else {
			this.lowest = bucket;
		}
		return bucket;
	}

}
