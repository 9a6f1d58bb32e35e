package io.polycache.local;

/**
 * A real policy that a test extends to look at the store from inside one step: it
 * delegates everything. Called under the store's lock, as every policy.
 */
class DelegatingTestPolicy extends Policy {

	private final Policy delegate;

	DelegatingTestPolicy(Policy delegate) {
		this.delegate = delegate;
	}

	@Override
	Node newNode(Object key, Object value, long expiresAt) {
		return this.delegate.newNode(key, value, expiresAt);
	}

	@Override
	void onInsert(Node node) {
		this.delegate.onInsert(node);
	}

	@Override
	void onWrite(Node node) {
		this.delegate.onWrite(node);
	}

	@Override
	void onRead(Node node) {
		this.delegate.onRead(node);
	}

	@Override
	void onRemove(Node node) {
		this.delegate.onRemove(node);
	}

	@Override
	Node victim() {
		return this.delegate.victim();
	}

	@Override
	void replace(Node victim, Node node) {
		this.delegate.replace(victim, node);
	}

	@Override
	void clear() {
		this.delegate.clear();
	}

	@Override
	boolean tracksReads() {
		return this.delegate.tracksReads();
	}

	@Override
	void setBound(long maxEntries) {
		this.delegate.setBound(maxEntries);
	}

}
