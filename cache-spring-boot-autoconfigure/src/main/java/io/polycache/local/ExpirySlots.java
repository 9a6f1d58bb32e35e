package io.polycache.local;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where each scheduled entry is in an {@link ExpiryQueue}: in the node's own field if it
 * {@link Node#keepsExpiry() keeps its expiry} (every entry inserted with a TTL), else in a
 * table here, which holds only the entries inserted without a TTL and given one later. So
 * an entry without a TTL carries no field for a place it does not have.
 * <p>Not thread-safe: used under the store's eviction lock.
 */
final class ExpirySlots {

	private final Map<Node, Integer> kept = new IdentityHashMap<>();

	/** The node's place, {@link Node#UNSCHEDULED} if it is not in the queue. */
	int get(Node node) {
		if (node.keepsExpiry()) {
			return node.expirySlot();
		}
		Integer slot = this.kept.get(node);
		return (slot != null) ? slot : Node.UNSCHEDULED;
	}

	void set(Node node, int slot) {
		if (node.keepsExpiry()) {
			node.setExpirySlot(slot);
		}
		else if (slot == Node.UNSCHEDULED) {
			this.kept.remove(node);
		}
		else {
			this.kept.put(node, slot);
		}
	}

	/** Forgets the places kept here, when every node is about to leave the queue. */
	void clear() {
		this.kept.clear();
	}

}
