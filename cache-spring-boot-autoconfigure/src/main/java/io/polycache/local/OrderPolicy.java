package io.polycache.local;

/**
 * FIFO, LIFO, LRU and MRU: entries kept in one list, oldest first. For LRU and MRU
 * every use moves the entry to the end, so the list is in order of last use; for FIFO
 * and LIFO it stays in insertion order. The victim is the first entry (FIFO, LRU) or
 * the last (LIFO, MRU).
 */
final class OrderPolicy extends Policy {

	private final NodeList order = new NodeList();

	private final boolean moveOnUse;

	private final boolean evictNewest;

	OrderPolicy(boolean moveOnUse, boolean evictNewest) {
		this.moveOnUse = moveOnUse;
		this.evictNewest = evictNewest;
	}

	@Override
	Node newNode(Object key, Object value, long expiresAt) {
		return (expiresAt == Node.NEVER) ? new LinkedNode(key, value) : new LinkedNode.ExpiringLinkedNode(key, value, expiresAt);
	}

	@Override
	void onInsert(Node node) {
		this.order.append((LinkedNode) node);
	}

	@Override
	void onWrite(Node node) {
		if (this.moveOnUse) {
			this.order.moveToTail((LinkedNode) node);
		}
	}

	@Override
	void onRead(Node node) {
		this.order.moveToTail((LinkedNode) node);
	}

	@Override
	void onRemove(Node node) {
		this.order.unlink((LinkedNode) node);
	}

	@Override
	Node victim() {
		return this.evictNewest ? this.order.tail : this.order.head;
	}

	@Override
	void clear() {
		this.order.clear();
	}

	@Override
	boolean tracksReads() {
		return this.moveOnUse;
	}

}
