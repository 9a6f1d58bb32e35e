package io.polycache.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.spi.CacheStore;

/**
 * A store that cannot take the application down: a failing read is a miss, a failing
 * write is logged (at most one warning per cache every ten seconds) and dropped. Each call
 * is still bounded by the delegate's own client timeout.
 * <p>Counters are the exception: an {@code increment} has no miss to fall back on, so its
 * failure propagates. {@code putIfAbsent} that fails reports the value as stored, which is
 * what a caller that only caches needs; {@code add} that fails reports it as not stored, so
 * that {@code add} stays safe as a lock.
 * <p>{@code touch}, {@code timeToLive} and {@code removeByPrefix} that fail answer
 * {@code false}, empty and {@code 0}; a store that does not support them (an
 * {@link UnsupportedOperationException}) is not failing, and says so to the caller.
 * <p>Thread-safe if the delegate is.
 */
public final class FailOpenStore<K, V> implements CacheStore<K, V> {

	private final CacheStore<K, V> delegate;

	private final String cacheName;

	private final RateLimitedLog log;

	public FailOpenStore(String cacheName, CacheStore<K, V> delegate) {
		this.cacheName = cacheName;
		this.delegate = delegate;
		this.log = new RateLimitedLog(LogFactory.getLog(FailOpenStore.class), Duration.ofSeconds(10));
	}

	/** The store this one protects. */
	public CacheStore<K, V> delegate() {
		return this.delegate;
	}

	@Override
	public @Nullable V get(K key) {
		return guard("read", () -> this.delegate.get(key), null);
	}

	@Override
	public boolean contains(K key) {
		return guard("read", () -> this.delegate.contains(key), false);
	}

	@Override
	public boolean touch(K key, Duration ttl) {
		return guardSupported("touch", () -> this.delegate.touch(key, ttl), false);
	}

	@Override
	public Optional<Duration> timeToLive(K key) {
		return guardSupported("read", () -> this.delegate.timeToLive(key), Optional.empty());
	}

	@Override
	public int removeByPrefix(String prefix) {
		return guardSupported("evict", () -> this.delegate.removeByPrefix(prefix), 0);
	}

	@Override
	public void put(K key, V value, Duration ttl) {
		guard("write", () -> {
			this.delegate.put(key, value, ttl);
			return null;
		}, null);
	}

	@Override
	public @Nullable V putIfAbsent(K key, V value, Duration ttl) {
		return guard("write", () -> this.delegate.putIfAbsent(key, value, ttl), null);
	}

	@Override
	public boolean add(K key, V value, Duration ttl) {
		return guard("write", () -> this.delegate.add(key, value, ttl), false);
	}

	@Override
	public boolean remove(K key) {
		return guard("evict", () -> this.delegate.remove(key), false);
	}

	@Override
	public void clear() {
		guard("clear", () -> {
			this.delegate.clear();
			return null;
		}, null);
	}

	@Override
	public long increment(K key, long delta, Duration ttlIfCreated) {
		return this.delegate.increment(key, delta, ttlIfCreated);
	}

	@Override
	public Map<K, V> getAll(Collection<? extends K> keys) {
		return guard("read", () -> this.delegate.getAll(keys), Map.of());
	}

	@Override
	public void putAll(Map<? extends K, ? extends V> entries, Duration ttl) {
		guard("write", () -> {
			this.delegate.putAll(entries, ttl);
			return null;
		}, null);
	}

	@Override
	public int removeAll(Collection<? extends K> keys) {
		return guard("evict", () -> this.delegate.removeAll(keys), 0);
	}

	@Override
	public OptionalLong size() {
		return guard("size", this.delegate::size, OptionalLong.empty());
	}

	@Override
	public int removeExpired() {
		return guard("sweep", this.delegate::removeExpired, 0);
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	private <T> T guard(String operation, Supplier<T> call, T fallback) {
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			this.log.warn("Cache '" + this.cacheName + "' on " + this.delegate + " failed a " + operation
					+ "; carrying on without the cache (fail-open)", ex);
			return fallback;
		}
	}

	/** {@link #guard}, but a store that does not support the operation is no failure: that propagates. */
	private <T> T guardSupported(String operation, Supplier<T> call, T fallback) {
		try {
			return call.get();
		}
		catch (UnsupportedOperationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// Logged and answered as every other failure is.
			return guard(operation, () -> {
				throw ex;
			}, fallback);
		}
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
