package io.polycache.spi;

/**
 * Hears, for one cache, what an {@link InvalidationChannel} learns: which entries changed
 * on the shared store, through any instance, and whether the channel is live. The near
 * tier is the listener: it drops what changed, and serves nothing while the channel is down.
 * <p>Implementations are thread-safe, return quickly and never throw: they are called on
 * the client's I/O threads.
 */
public interface InvalidationListener {

	/**
	 * The channel is live: every change made on the store from now on is delivered, until
	 * {@link #disconnected()}. Called once the subscription is confirmed, and again after
	 * every reconnection; changes made while the channel was down were not delivered.
	 */
	void connected();

	/**
	 * The channel is gone: changes may be missed from now on, until {@link #connected()}.
	 * Called as soon as the loss is noticed.
	 */
	void disconnected();

	/**
	 * The entry under this store key was written or removed, by this instance or another.
	 * @param storeKey the key as the store holds it, in the cache's {@link KeyNamespace}
	 */
	void invalidated(String storeKey);

	/** Any entry of the cache may have changed: it was cleared. */
	void invalidatedAll();

}
