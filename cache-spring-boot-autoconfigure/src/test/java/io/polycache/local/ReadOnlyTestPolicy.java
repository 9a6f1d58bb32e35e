package io.polycache.local;

/**
 * A policy for tests of the {@link ReadBuffer} alone: it holds no entries and sees only the
 * uses a drain applies, in {@link #onRead}. Not thread-safe; drained under one lock.
 */
abstract class ReadOnlyTestPolicy extends Policy {

	@Override
	Node newNode(Object key, Object value, long expiresAt) {
		throw new UnsupportedOperationException();
	}

	@Override
	void onInsert(Node node) {
	}

	@Override
	void onWrite(Node node) {
	}

	@Override
	void onRemove(Node node) {
	}

	@Override
	Node victim() {
		throw new UnsupportedOperationException();
	}

	@Override
	void clear() {
	}

	@Override
	void setBound(long maxEntries) {
	}

	@Override
	boolean tracksReads() {
		return true;
	}

}
