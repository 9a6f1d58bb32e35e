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

	/** Places of nodes without a field for one; made when the first such node is scheduled. */
	private @Nullable Map<Node, Integer> kept;

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
			if (this.kept != null) {
				this.kept.remove(node);
			}
		}
		else {
			if (this.kept == null) {
				this.kept = new IdentityHashMap<>();
			}
			this.kept.put(node, slot);
		}
	}

	/** Forgets the places kept here, when every node is about to leave the queue. */
	void clear() {
		this.kept = null;
	}

}
