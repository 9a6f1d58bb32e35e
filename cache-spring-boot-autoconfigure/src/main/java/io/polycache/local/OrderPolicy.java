package io.polycache.local;

import io.polycache.core.EvictionRule.End;
import io.polycache.core.EvictionRule.Ranking;
import io.polycache.core.EvictionRule;

/**
 * A rule that ranks by one stamp (FIFO, LIFO, LRU and MRU): entries kept in one list,
 * oldest first. When the rule ranks by last use every use moves the entry to the end, so
 * the list is in order of last use; by insertion it stays in insertion order. The victim
 * is the first entry when the rule evicts the {@linkplain End#LOWEST lowest} stamp, the
 * last when it evicts the highest.
 */
final class OrderPolicy extends Policy {

	private final NodeTable table = new NodeTable((node) -> this.order);

	private final NodeList order = new NodeList(this.table);

	private final boolean moveOnUse;

	private final boolean evictNewest;

	OrderPolicy(EvictionRule rule) {
		if (rule.ranking() != Ranking.INSERTION && rule.ranking() != Ranking.LAST_USE) {
			throw new IllegalArgumentException("Not a rule by one stamp: " + rule);
		}
		this.moveOnUse = rule.readsAreUses();
		this.evictNewest = rule.end() == End.HIGHEST;
	}

	@Override
	Node newNode(Object key, Object value, long expiresAt) {
		return (expiresAt == Node.NEVER) ? new LinkedNode(key, value) : new LinkedNode.ExpiringLinkedNode(key, value, expiresAt);
	}

	@Override
	void onInsert(Node node) {
		this.order.add((LinkedNode) node);
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
		this.order.remove((LinkedNode) node);
	}

	/** A new entry goes last: in the victim's place if that was last (LIFO, MRU), else after it left. */
	@Override
	void replace(Node victim, Node node) {
		this.order.replace((LinkedNode) victim, (LinkedNode) node);
	}

	@Override
	Node victim() {
		return this.evictNewest ? this.order.last() : this.order.first();
	}

	@Override
	void clear() {
		this.table.clear();
		this.order.clear();
	}

	@Override
	void setBound(long maxEntries) {
		this.table.setBound(maxEntries);
	}

	@Override
	boolean tracksReads() {
		return this.moveOnUse;
	}

}
