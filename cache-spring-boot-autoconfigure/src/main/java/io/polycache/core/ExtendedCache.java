package io.polycache.core;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * What every Polycache cache can do beyond Spring's {@link Cache}: per-entry TTLs, an
 * atomic add, bulk operations, counters, touch and remaining TTL, eviction by key prefix,
 * and statistics. Every cache a Polycache
 * {@code CacheManager} returns implements it:
 * <pre class="code">
 * ExtendedCache products = (ExtendedCache) cacheManager.getCache("products");
 * products.put(42L, product, Duration.ofSeconds(30));
 * </pre>
 * Thread-safe, with the same atomicity as {@link io.polycache.spi.CacheStore}.
 */
public interface ExtendedCache extends Cache {

	/**
	 * What {@link #timeToLive} answers for a live entry that never expires:
	 * {@link ChronoUnit#FOREVER}'s duration, longer than any TTL a store keeps, so it can
	 * never be read as "expires soon", and {@code compareTo} puts it after every other
	 * answer. Not a TTL to write back: {@code put} and {@code touch} take
	 * {@link Duration#ZERO} for "never expires".
	 */
	Duration NEVER_EXPIRES = ChronoUnit.FOREVER.getDuration();

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
	 * Gives the key's live entry a new TTL, counted from now, without rewriting its value
	 * (Django's {@code touch}). {@link Duration#ZERO} makes it never expire. Atomic: a
	 * concurrent put or evict happens wholly before or after it, and a touch never brings
	 * back an entry that was removed or had expired. Like {@link #contains}, it is neither
	 * a hit, a miss nor a use of the entry (LRU, MRU and LFU order does not change), nor a
	 * put. A near tier drops its copy of the key, here and, on redis, on every instance.
	 * <pre class="code">
	 * boolean extended = sessions.touch(sessionId, Duration.ofMinutes(30));
	 * </pre>
	 * @return whether the key had a live entry (only then did anything change); under
	 * fail-open, {@code false} when the store fails
	 * @throws IllegalArgumentException if {@code ttl} is negative
	 * @throws UnsupportedOperationException if the cache's store cannot change an expiry
	 * (a store from a provider written before touch existed)
	 */
	default boolean touch(Object key, Duration ttl) {
		throw new UnsupportedOperationException("Cache '" + getName() + "' does not support touch");
	}

	/**
	 * How long the key's live entry has left: at millisecond resolution and never less
	 * than one millisecond (so the answer can be given back to {@code put} as a TTL),
	 * {@link #NEVER_EXPIRES} for an entry without expiry, empty when the key has no live
	 * entry. Read from the store (redis {@code PTTL}, the entry's own expiry elsewhere),
	 * never from a near copy. Neither a hit, a miss nor a use of the entry.
	 * @return the time left; under fail-open, empty when the store fails
	 * @throws UnsupportedOperationException if the cache's store cannot tell
	 */
	default Optional<Duration> timeToLive(Object key) {
		throw new UnsupportedOperationException("Cache '" + getName() + "' does not support timeToLive");
	}

	/**
	 * Removes every entry whose key is a {@code String} starting with {@code prefix} (the
	 * empty prefix: every {@code String} key); a key of any other type never matches.
	 * Not atomic: an entry written while it runs may survive it. Near tiers drop all
	 * their copies, here and, on redis, on every instance. On local memory, the file
	 * system and redis; on the shared stores, a key whose stored form is longer than
	 * 512 characters is kept as a hash and is never matched. See {@code docs/operations.md}.
	 * <pre class="code">
	 * int removed = products.evictByPrefix("tenant-42:");
	 * </pre>
	 * @return how many live entries were removed; under fail-open, {@code 0} when the store
	 * fails
	 * @throws UnsupportedOperationException on a store that cannot list its keys
	 * (memcached), saying why
	 */
	default int evictByPrefix(String prefix) {
		throw new UnsupportedOperationException("Cache '" + getName() + "' does not support evictByPrefix");
	}

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
