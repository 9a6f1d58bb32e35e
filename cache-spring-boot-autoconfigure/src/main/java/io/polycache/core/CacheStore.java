package io.polycache.core;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * The store SPI: what a backend implements so that {@link StoreCache} can put Spring's
 * whole {@code Cache} contract and the {@link ExtendedCache} API on top of it.
 * <p>A store sees keys already mapped by the cache's {@link KeyMapper} (the key object
 * itself for in-process stores, a string for shared ones) and values already adapted
 * ({@code null} replaced by a marker). A store never returns an expired entry.
 * A TTL of {@link Duration#ZERO} means the entry never expires.
 * <p>Implementations must be thread-safe, and {@link #putIfAbsent} and
 * {@link #increment} must be atomic. Bulk operations have defaults built on the single
 * ones; stores override them where they have a native form (one round trip, one lock).
 */
public interface CacheStore extends AutoCloseable {

	/** The live value for the key, or {@code null} when there is none or it has expired. */
	@Nullable Object get(Object key);

	/** Whether the key has a live value; unlike {@link #get}, this is not a use of the entry. */
	default boolean contains(Object key) {
		return get(key) != null;
	}

	/** Stores the value, replacing any previous one, to live for {@code ttl}. */
	void put(Object key, Object value, Duration ttl);

	/**
	 * Stores the value only if the key has no live value, atomically.
	 * @return the live value already present (nothing was stored), or {@code null} when
	 * the given value was stored
	 */
	@Nullable Object putIfAbsent(Object key, Object value, Duration ttl);

	/**
	 * Stores the value only if the key has no live value, atomically, and says whether it
	 * did. Unlike {@link #putIfAbsent}, a store that cannot tell (it failed) answers
	 * {@code false}: a caller may use {@code add} as a lock.
	 */
	default boolean add(Object key, Object value, Duration ttl) {
		return putIfAbsent(key, value, ttl) == null;
	}

	/**
	 * Removes the key.
	 * @return whether a live value was removed
	 */
	boolean remove(Object key);

	/** Removes every entry of this store, and only of this store. */
	void clear();

	/**
	 * Adds {@code delta} to the number stored under the key, atomically. A missing key
	 * starts from zero and is stored with {@code ttlIfCreated}; an existing one keeps its
	 * expiry.
	 * @return the new value
	 * @throws IllegalStateException if the key holds something other than a counter
	 * @throws ArithmeticException if the result overflows a {@code long}
	 */
	long increment(Object key, long delta, Duration ttlIfCreated);

	/** The live values for those keys that have one, in the order of {@code keys}. */
	default Map<Object, Object> getAll(Collection<?> keys) {
		Map<Object, Object> found = new LinkedHashMap<>();
		for (Object key : keys) {
			Object value = get(key);
			if (value != null) {
				found.put(key, value);
			}
		}
		return found;
	}

	/** Stores every entry, each to live for {@code ttl}. */
	default void putAll(Map<?, ?> entries, Duration ttl) {
		entries.forEach((key, value) -> put(key, value, ttl));
	}

	/**
	 * Removes every given key.
	 * @return how many live values were removed
	 */
	default int removeAll(Collection<?> keys) {
		int removed = 0;
		for (Object key : keys) {
			if (remove(key)) {
				removed++;
			}
		}
		return removed;
	}

	/** The number of live entries, where the store can count them cheaply. */
	default OptionalLong size() {
		return OptionalLong.empty();
	}

	/**
	 * Reclaims expired entries now, rather than waiting for background work.
	 * @return how many were reclaimed
	 */
	default int removeExpired() {
		return 0;
	}

	/** Releases what the store holds open; the store is not used afterwards. */
	@Override
	default void close() {
	}

}
