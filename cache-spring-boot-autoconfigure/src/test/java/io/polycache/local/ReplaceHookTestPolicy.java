package io.polycache.local;

/**
 * A real policy with a hook: it delegates everything, and runs the hook when an insert that
 * evicts hands it the victim's place ({@link #replace}), before the delegate takes it. The
 * store then holds its lock, has published the new entry, and has not yet retired the
 * victim. Called under the store's lock, as every policy.
 */
final class ReplaceHookTestPolicy extends Policy {

	private final Policy delegate;

	private final Runnable onReplace;

	ReplaceHookTestPolicy(Policy delegate, Runnable onReplace) {
		this.delegate = delegate;
		this.onReplace = onReplace;
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
		this.onReplace.run();
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
