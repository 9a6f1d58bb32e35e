package io.polycache.spi;

/**
 * How a backend that pushes invalidations ({@link BackendTraits#pushesInvalidations()})
 * tells every instance that entries of one cache changed, so each can drop its near copy.
 * A provider returns one in its {@link OpenedStore} when the cache has a near tier, and the
 * store it opens then announces every change it makes (put, remove, clear, counters, bulk
 * writes) on the channel as part of the change itself: a change that reached the store
 * always reaches every subscribed listener, unless that listener's channel is down, and
 * then the listener hears {@link InvalidationListener#disconnected()}.
 * <p>Thread-safe.
 */
public interface InvalidationChannel {

	/**
	 * Starts delivering this cache's invalidations to the listener, which hears
	 * {@link InvalidationListener#connected()} once the subscription is live. Returns at
	 * once; the subscription may still be under way.
	 * @return stops the delivery when closed
	 */
	Subscription subscribe(InvalidationListener listener);

	/** A live subscription; closing it stops the delivery and releases what it holds. */
	interface Subscription extends AutoCloseable {

		@Override
		void close();

	}

}
