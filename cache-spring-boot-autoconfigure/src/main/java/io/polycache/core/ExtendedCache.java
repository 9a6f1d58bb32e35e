package io.polycache.core;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * What every Polycache cache can do beyond Spring's {@link Cache}: per-entry TTLs, an
 * atomic add, bulk operations, counters and statistics. Every cache a Polycache
 * {@code CacheManager} returns implements it:
 * <pre class="code">
 * ExtendedCache products = (ExtendedCache) cacheManager.getCache("products");
 * products.put(42L, product, Duration.ofSeconds(30));
 * </pre>
 * Thread-safe, with the same atomicity as {@link io.polycache.spi.CacheStore}.
 */
public interface ExtendedCache extends Cache {

	/**
	 * Stores the value for {@code ttl} instead of the cache's configured TTL.
	 * {@link Duration#ZERO} means the entry never expires.
	 */
	void put(Object key, @Nullable Object value, Duration ttl);

	/**
	 * Stores the value only if the key has no live value, atomically. Safe as a lock: a
	 * store that fails answers {@code false}, even under fail-open.
	 * @return whether the value was stored
	 */
	boolean add(Object key, @Nullable Object value, Duration ttl);

	/** Whether the key has a live value; this is neither a hit, a miss nor a use of the entry. */
	boolean contains(Object key);

	/**
	 * The cached values for those keys that have one; a key with a cached {@code null}
	 * maps to {@code null}, a key without an entry is absent from the result.
	 */
	<K> Map<K, @Nullable Object> getAll(Collection<K> keys);

	/** Stores every entry with the cache's configured TTL. */
	void putAll(Map<?, ?> entries);

	/**
	 * Removes every given key.
	 * @return how many live entries were removed
	 */
	int evictAll(Collection<?> keys);

	/**
	 * Adds {@code delta} to the counter under the key, atomically; a missing counter
	 * starts at zero with the cache's configured TTL, an existing one keeps its expiry.
	 * @return the new value
	 * @throws IllegalStateException if the key holds a value that is not a counter
	 */
	long increment(Object key, long delta);

	/** Subtracts {@code delta} from the counter under the key; see {@link #increment}. */
	default long decrement(Object key, long delta) {
		return increment(key, Math.negateExact(delta));
	}

	/** The number of live entries, where the store can count them. */
	OptionalLong size();

	/**
	 * Reclaims expired entries now instead of waiting for the background sweep.
	 * @return how many were reclaimed
	 */
	int removeExpired();

	/** The counters since the cache was created. */
	CacheStatistics statistics();

	/** The settings this cache was built with. */
	CacheSettings settings();

	/** The counters of the cache's near tier, if it has one ({@code near.max-entries}). */
	default Optional<NearStatistics> nearStatistics() {
		return Optional.empty();
	}

}
