package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;

import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.Leases;
import io.polycache.spi.StoreEvents;

/**
 * Opens memcached stores outside the auto-configuration (benchmarks, tests); an
 * application gets them from {@link MemcachedProvider}. The store itself stays
 * package-private.
 */
public final class MemcachedStores {

	private MemcachedStores() {
	}

	/**
	 * A store for one cache on a shared client. Its keys are
	 * {@code {key-prefix}{cache}:{generation}:k2:{version}:{key}}, from the namespace.
	 * @param generationCheckInterval how often the store re-reads the cache's namespace
	 * generation, so that a {@code clear} by another instance takes effect here
	 * @param clock the time source for the entries' own expiry
	 */
	public static ByteStore create(String cacheName, KeyNamespace namespace, SharedMemcachedClient client,
			Duration generationCheckInterval, Clock clock) {
		return new MemcachedStore(client, cacheName, new MemcachedKeys(namespace), generationCheckInterval, clock);
	}

	/**
	 * As {@link #create(String, KeyNamespace, SharedMemcachedClient, Duration, Clock)},
	 * counting and reporting the explicit removals it makes to {@code events}.
	 */
	public static ByteStore create(String cacheName, KeyNamespace namespace, SharedMemcachedClient client,
			Duration generationCheckInterval, Clock clock, StoreEvents events) {
		return new MemcachedStore(client, cacheName, new MemcachedKeys(namespace), generationCheckInterval, clock,
				(operation, serverKey) -> {
				}, events);
	}

	/**
	 * The leases of one cache on a shared client, as {@link MemcachedProvider} gives them:
	 * their keys are {@code {key-prefix}{cache}:lease:k2:{version}:{key}}, made legal as entry
	 * keys are, with no namespace generation, so a {@code clear} leaves them alone.
	 */
	public static Leases leases(KeyNamespace namespace, SharedMemcachedClient client) {
		return new Leases(new MemcachedLeaseStore(client, Clock.systemUTC()), new MemcachedKeys(namespace).leaseKeys());
	}

}
