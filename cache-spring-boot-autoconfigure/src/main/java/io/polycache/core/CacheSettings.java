package io.polycache.core;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * The immutable settings of one cache, resolved from its own configuration and the
 * shared defaults. One cache's settings can never change another's.
 *
 * @param name the cache name, as used in {@code @Cacheable}
 * @param ttl how long an entry lives after it is written; {@link Duration#ZERO} means forever
 * @param maxEntries the most entries a bounded store holds; {@code 0} means unbounded
 * @param eviction which entry a full bounded store evicts
 * @param cacheNullValues whether {@code null} is cached (as a marker) or refused
 * @param keyPrefix prepended to every key in stores shared between applications
 * @param version part of every key in shared stores; bumping it orphans old data
 */
public record CacheSettings(String name, Duration ttl, long maxEntries, EvictionPolicy eviction,
		boolean cacheNullValues, String keyPrefix, int version) {

	public CacheSettings {
		Assert.hasText(name, "Cache name must not be empty");
		Assert.isTrue(!ttl.isNegative(), () -> "TTL of cache '" + name + "' must not be negative: " + ttl);
		Assert.isTrue(maxEntries >= 0, () -> "max-entries of cache '" + name + "' must not be negative: " + maxEntries);
	}

	/** Settings with the documented defaults: no expiry, 10,000 entries, LRU, nulls cached. */
	public static CacheSettings defaults(String name) {
		return new CacheSettings(name, Duration.ZERO, 10_000, EvictionPolicy.LRU, true, "", 1);
	}

	public CacheSettings withTtl(Duration ttl) {
		return new CacheSettings(this.name, ttl, this.maxEntries, this.eviction, this.cacheNullValues, this.keyPrefix,
				this.version);
	}

	public CacheSettings withMaxEntries(long maxEntries) {
		return new CacheSettings(this.name, this.ttl, maxEntries, this.eviction, this.cacheNullValues, this.keyPrefix,
				this.version);
	}

	public CacheSettings withEviction(EvictionPolicy eviction) {
		return new CacheSettings(this.name, this.ttl, this.maxEntries, eviction, this.cacheNullValues, this.keyPrefix,
				this.version);
	}

	public CacheSettings withCacheNullValues(boolean cacheNullValues) {
		return new CacheSettings(this.name, this.ttl, this.maxEntries, this.eviction, cacheNullValues, this.keyPrefix,
				this.version);
	}

}
