package io.polycache.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * The store SPI: what a backend implements so that Polycache can put Spring's whole
 * {@code Cache} contract and the {@link io.polycache.core.ExtendedCache} API on top of it.
 * <p>Typed by what the store holds: a store in this JVM keeps the key and value objects
 * ({@code CacheStore<Object, Object>}); a store shared between processes keeps bytes
 * under string keys ({@link ByteStore}). A store sees keys already mapped by the cache's
 * {@link io.polycache.spi.KeyMapper} and values already encoded by its
 * {@link io.polycache.spi.ValueCodec} ({@code null} replaced by a marker, a loaded value
 * carrying its load time). A store never returns an expired entry.
 * A TTL of {@link Duration#ZERO} means the entry never expires.
 * <p>Implementations must be thread-safe, and {@link #putIfAbsent} and
 * {@link #increment} must be atomic. Bulk operations have defaults built on the single
 * ones; stores override them where they have a native form (one round trip, one lock).
 */
public interface CacheStore<K, V> extends AutoCloseable {

	/** The live value for the key, or {@code null} when there is none or it has expired. */
	@Nullable V get(K key);

	/** Whether the key has a live value; unlike {@link #get}, this is not a use of the entry. */
	default boolean contains(K key) {
		return get(key) != null;
	}

	/**
	 * Gives the key's live entry a new TTL, counted from now, keeping its value, atomically:
	 * a concurrent write or removal of the key happens wholly before or after it, and an
	 * absent or expired entry is never brought back. Not a use of the entry.
	 * {@link Duration#ZERO} makes it never expire.
	 * <p>The default refuses: a store written before this method existed keeps compiling,
	 * and a cache on it says clearly that it cannot touch.
	 * @return whether the key had a live entry
	 * @throws UnsupportedOperationException if the store cannot change an expiry
	 */
	default boolean touch(K key, Duration ttl) {
		throw new UnsupportedOperationException(this + " does not implement touch(key, ttl)");
	}

	/**
	 * How long the key's live entry has left, at millisecond resolution and at least one
	 * millisecond; {@link io.polycache.core.ExtendedCache#NEVER_EXPIRES} if it never expires;
	 * empty if the key has no live entry. Not a use of the entry.
	 * <p>The default refuses, as {@link #touch} does.
	 * @throws UnsupportedOperationException if the store cannot tell
	 */
	default Optional<Duration> timeToLive(K key) {
		throw new UnsupportedOperationException(this + " does not implement timeToLive(key)");
	}

	/**
	 * Removes every entry whose application key is a {@code String} starting with
	 * {@code prefix}; a key of another type never matches. A store of objects compares its
	 * {@code String} keys; a store of bytes matches its store keys with
	 * {@link KeyNamespace#keysStartingWith(String)} of its cache's namespace. Need not be
	 * atomic: an entry written meanwhile may survive.
	 * <p>The default refuses, as {@link #touch} does; a store that can never list its keys
	 * should refuse too, saying why.
	 * @return how many live entries were removed
	 * @throws UnsupportedOperationException if the store cannot find keys by prefix
	 */
	default int removeByPrefix(String prefix) {
		throw new UnsupportedOperationException(this + " does not implement removeByPrefix(prefix)");
	}

	/** Stores the value, replacing any previous one, to live for {@code ttl}. */
	void put(K key, V value, Duration ttl);

	/**
	 * Stores the value only if the key has no live value, atomically.
	 * @return the live value already present (nothing was stored), or {@code null} when
	 * the given value was stored
	 */
	@Nullable V putIfAbsent(K key, V value, Duration ttl);

	/**
	 * Stores the value only if the key has no live value, atomically, and says whether it
	 * did. Unlike {@link #putIfAbsent}, a store that cannot tell (it failed) answers
	 * {@code false}: a caller may use {@code add} as a lock.
	 */
	default boolean add(K key, V value, Duration ttl) {
		return putIfAbsent(key, value, ttl) == null;
	}

	/**
	 * Removes the key.
	 * @return whether a live value was removed
	 */
	boolean remove(K key);

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
	long increment(K key, long delta, Duration ttlIfCreated);

	/** The live values for those keys that have one, in the order of {@code keys}. */
	default Map<K, V> getAll(Collection<? extends K> keys) {
		Map<K, V> found = new LinkedHashMap<>();
		for (K key : keys) {
			V value = get(key);
			if (value != null) {
				found.put(key, value);
			}
		}
		return found;
	}

	/** Stores every entry, each to live for {@code ttl}. */
	default void putAll(Map<? extends K, ? extends V> entries, Duration ttl) {
		entries.forEach((key, value) -> put(key, value, ttl));
	}

	/**
	 * Removes every given key.
	 * @return how many live values were removed
	 */
	default int removeAll(Collection<? extends K> keys) {
		int removed = 0;
		for (K key : keys) {
			if (remove(key)) {
				removed++;
			}
		}
		return removed;
	}

	/**
	 * The number of live entries, where the store can count them cheaply (its backend
	 * declares {@link BackendTraits#countsSize()}).
	 */
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
