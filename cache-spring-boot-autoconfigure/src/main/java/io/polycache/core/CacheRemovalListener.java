package io.polycache.core;

import java.util.Set;

/**
 * Hears of entries leaving caches, each with its {@link RemovalCause}. Declare one as a
 * bean and Polycache calls it for every cache, or only for the caches
 * {@link #supportsCache(String)} accepts ({@link #forCaches(Set, CacheRemovalListener)}).
 * <p>Called off the caller's thread: a cache operation only queues its removals, and one
 * daemon thread delivers them in the order they were queued, to each listener in bean
 * order. A slow listener delays only later deliveries; a removal that finds the queue
 * full ({@code cache.removal-events.queue-capacity}) is dropped, counted and logged. An
 * exception thrown by a listener is logged and the next removal delivered. What each
 * backend reports is listed in {@code docs/operations.md}: every removal on local memory
 * and the file system; explicit removals and (with keyspace notifications) expirations
 * on redis; explicit removals on memcached.
 */
@FunctionalInterface
public interface CacheRemovalListener {

	/** One entry left a cache; on the delivery thread, never on the thread that removed it. */
	void onRemoval(CacheRemoval removal);

	/**
	 * Whether this listener hears the removals of the cache of that name; asked once per
	 * cache when it is built. By default, every cache.
	 */
	default boolean supportsCache(String cacheName) {
		return true;
	}

	/** A listener that hears only the caches of those names, and passes their removals to {@code listener}. */
	static CacheRemovalListener forCaches(Set<String> cacheNames, CacheRemovalListener listener) {
		Set<String> names = Set.copyOf(cacheNames);
		return new CacheRemovalListener() {

			@Override
			public void onRemoval(CacheRemoval removal) {
				listener.onRemoval(removal);
			}

			@Override
			public boolean supportsCache(String cacheName) {
				return names.contains(cacheName) && listener.supportsCache(cacheName);
			}

			@Override
			public String toString() {
				return listener + " for " + names;
			}

		};
	}

}
