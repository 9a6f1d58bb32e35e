package io.polycache.local;

import java.util.IdentityHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Where each scheduled entry is in an {@link ExpiryQueue}: in the node's own field if it
 * {@link Node#keepsExpiry() keeps its expiry} (every entry inserted with a TTL), else in a
 * table here, which holds only the entries inserted without a TTL and given one later. So
 * an entry without a TTL carries no field for a place it does not have.
 * <p>Not thread-safe: used under the store's eviction lock.
 */
final class ExpirySlots {

	/** Below this many places a table is left as it is: copying it would save less than it costs. */
	private static final int MIN_PEAK_TO_SHRINK = 64;

	/** Places of nodes without a field for one; made when the first such node is scheduled. */
	private @Nullable Map<Node, Integer> kept;

	/** The most places {@link #kept} has held since it was made: its table is sized for them. */
	private int peak;

	/** The node's place, {@link Node#UNSCHEDULED} if it is not in the queue. */
	int get(Node node) {
		if (node.keepsExpiry()) {
			return node.expirySlot();
		}
		Integer slot = (this.kept != null) ? this.kept.get(node) : null;
		return (slot != null) ? slot : Node.UNSCHEDULED;
	}

	void set(Node node, int slot) {
		if (node.keepsExpiry()) {
			node.setExpirySlot(slot);
		}
		else if (slot == Node.UNSCHEDULED) {
			if (this.kept != null && this.kept.remove(node) != null) {
				shrinkIfSparse();
			}
		}
		else {
			if (this.kept == null) {
				this.kept = new IdentityHashMap<>();
			}
			this.kept.put(node, slot);
			this.peak = Math.max(this.peak, this.kept.size());
		}
	}

	/**
	 * Drops the table once it is empty, and copies what is left into a smaller one once it
	 * holds under a quarter of its peak, since an {@link IdentityHashMap} never shrinks: a
	 * burst of entries given a TTL after their insert leaves no table sized for them. The
	 * copy is paid for by the removals since the peak, at least three times as many.
	 */
	private void shrinkIfSparse() {
		int size = this.kept.size();
		if (size == 0) {
			this.kept = null;
			this.peak = 0;
		}
		else if (this.peak > MIN_PEAK_TO_SHRINK && size < this.peak / 4) {
			this.kept = new IdentityHashMap<>(this.kept);
			this.peak = size;
		}
	}

	/** How many places the table was last sized for; for tests. */
	int peak() {
		return this.peak;
	}

	/** Forgets the places kept here, when every node is about to leave the queue. */
	void clear() {
		this.kept = null;
		this.peak = 0;
	}

}
