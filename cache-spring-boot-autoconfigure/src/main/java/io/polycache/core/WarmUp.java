package io.polycache.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * The cache a {@link CacheWarmer} fills, and the count of what it did, which the start-up
 * log, the {@code cacheWarmup} health details and the {@code cache.warmup.entries} meter
 * report. Every write goes through the cache, with its configured TTL (or the
 * application's {@link TtlPolicy}), its serializer and its size bound.
 * <p>For a cache whose entries outlive the application (file system, redis, memcached),
 * {@link #putIfAbsent} and {@link #load} keep what is already there, so a restart does
 * not rewrite or reload it:
 * <pre class="code">
 * public void warm(WarmUp prices) {
 *     for (String symbol : this.symbols.mostTraded()) {
 *         prices.load(symbol, () -&gt; this.quotes.fetch(symbol));   // fetched only if missing
 *     }
 * }
 * </pre>
 * Thread-safe: a warmer may fill the cache from several threads of its own. Once the
 * application context is closing, every method but the counts throws
 * {@link CancellationException}, so a long loop ends at its next call.
 */
public interface WarmUp {

	/** The name of the cache being warmed. */
	String cacheName();

	/**
	 * Stores the value, replacing any value the key has. Counted as stored.
	 * @throws IllegalArgumentException for a {@code null} value when the cache does not
	 * cache {@code null}
	 */
	void put(Object key, @Nullable Object value);

	/**
	 * Stores the value unless the key has a live value, atomically; an entry that survived
	 * a restart is kept. Counted as stored, or as skipped.
	 * @return whether the value was stored
	 */
	boolean putIfAbsent(Object key, @Nullable Object value);

	/**
	 * The key's value, loaded with {@code loader} and stored only if the key has none, as
	 * {@link Cache#get(Object, Callable)} does: one load per key at a time, and the cache's
	 * {@code refresh-after} and {@code auto-refresh} apply to the loaded value. Counted as
	 * loaded when the loader ran, as skipped when the cache already had the value.
	 * @throws Cache.ValueRetrievalException if the loader throws; catch it to go on with
	 * the next key
	 */
	<T> @Nullable T load(Object key, Callable<T> loader);

	/** Whether the key has a live value. Not counted. */
	boolean contains(Object key);

	/**
	 * The cache itself, for what this interface does not offer (a write with its own TTL, a
	 * bulk write). What is done through it is not counted and not stopped when the
	 * context closes.
	 */
	ExtendedCache cache();

	/** Values written so far by {@link #put} and {@link #putIfAbsent}. */
	long stored();

	/** Values loaded so far by {@link #load} running its loader. */
	long loaded();

	/** Keys so far that {@link #putIfAbsent} or {@link #load} found with a live value and left alone. */
	long skipped();

}
