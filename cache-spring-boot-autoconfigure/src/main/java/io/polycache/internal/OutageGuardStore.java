package io.polycache.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import io.polycache.core.StoreUnavailableException;
import io.polycache.spi.CacheStore;
import io.polycache.spi.LeaseStore;

/**
 * A store that keeps a remote store's outage from costing every call the client's full
 * timeout. After a call fails because the server could not be reached or did not answer
 * in time, calls fail at once with a {@link StoreUnavailableException} for
 * {@code window}; after that, one call at a time goes to the server as a probe while the
 * others keep failing at once, and the first probe that gets an answer makes the store up
 * again. So while the server is down, at most one call at a time waits for a timeout,
 * and a waiting crowd never reaches a server that comes back all at once.
 * <p>Which failures count is the backend's to say (its client's connection and timeout
 * failures, never an error the server answered with). Every operation is guarded,
 * counters included; {@link #close()} is not. Under fail-open, wrap this store in a
 * {@link FailOpenStore}, which turns the fast failures into misses.
 * <p>Thread-safe if the delegate is; lock-free.
 */
public final class OutageGuardStore<K, V> implements CacheStore<K, V> {

	private final CacheStore<K, V> delegate;

	private final OutageGuard guard;

	/**
	 * @param outages which of the delegate's failures mean its server is unreachable
	 * @param window how long calls fail at once after such a failure; must be positive
	 */
	public OutageGuardStore(CacheStore<K, V> delegate, Predicate<RuntimeException> outages, Duration window) {
		this(delegate, outages, window, System::nanoTime);
	}

	OutageGuardStore(CacheStore<K, V> delegate, Predicate<RuntimeException> outages, Duration window, LongSupplier nanoTime) {
		Assert.isTrue(!window.isNegative() && !window.isZero(), () -> "Outage window must be positive: " + window);
		this.delegate = delegate;
		this.guard = new OutageGuard(delegate.toString(), outages, window, nanoTime);
	}

	/**
	 * A test for a backend's outages: whether a failure, or one of its causes, is an
	 * instance of one of {@code types}.
	 */
	public static Predicate<RuntimeException> causedBy(Class<?>... types) {
		List<Class<?>> list = List.of(types);
		return (failure) -> {
			Throwable cause = failure;
			// Bounded: a cause chain can, in theory, loop.
			for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
				Throwable current = cause;
				if (list.stream().anyMatch((type) -> type.isInstance(current))) {
					return true;
				}
			}
			return false;
		};
	}

	/** The store this one guards. */
	public CacheStore<K, V> delegate() {
		return this.delegate;
	}

	/**
	 * The leases of the same server behind this store's guard: while the server is down,
	 * lease calls fail at once too (and a loader runs within the instance), and a lease
	 * call that finds it unreachable counts as an outage like any other call.
	 */
	public LeaseStore guarded(LeaseStore leases) {
		return new LeaseStore() {

			@Override
			public @Nullable String get(String key) {
				return call(() -> leases.get(key));
			}

			@Override
			public boolean compareAndSet(String key, @Nullable String expected, @Nullable String update, Duration ttl) {
				return call(() -> leases.compareAndSet(key, expected, update, ttl));
			}

			@Override
			public String toString() {
				return leases.toString();
			}

		};
	}

	/** Whether the store is down: calls fail at once, except one probe at a time. */
	public boolean isDown() {
		return this.guard.isDown();
	}

	@Override
	public @Nullable V get(K key) {
		return call(() -> this.delegate.get(key));
	}

	@Override
	public boolean contains(K key) {
		return call(() -> this.delegate.contains(key));
	}

	@Override
	public boolean touch(K key, Duration ttl) {
		return call(() -> this.delegate.touch(key, ttl));
	}

	@Override
	public Optional<Duration> timeToLive(K key) {
		return call(() -> this.delegate.timeToLive(key));
	}

	@Override
	public int removeByPrefix(String prefix) {
		return call(() -> this.delegate.removeByPrefix(prefix));
	}

	@Override
	public void put(K key, V value, Duration ttl) {
		run(() -> this.delegate.put(key, value, ttl));
	}

	@Override
	public @Nullable V putIfAbsent(K key, V value, Duration ttl) {
		return call(() -> this.delegate.putIfAbsent(key, value, ttl));
	}

	@Override
	public boolean add(K key, V value, Duration ttl) {
		return call(() -> this.delegate.add(key, value, ttl));
	}

	@Override
	public boolean remove(K key) {
		return call(() -> this.delegate.remove(key));
	}

	@Override
	public void clear() {
		run(this.delegate::clear);
	}

	@Override
	public long increment(K key, long delta, Duration ttlIfCreated) {
		return call(() -> this.delegate.increment(key, delta, ttlIfCreated));
	}

	@Override
	public Map<K, V> getAll(Collection<? extends K> keys) {
		return call(() -> this.delegate.getAll(keys));
	}

	@Override
	public void putAll(Map<? extends K, ? extends V> entries, Duration ttl) {
		run(() -> this.delegate.putAll(entries, ttl));
	}

	@Override
	public int removeAll(Collection<? extends K> keys) {
		return call(() -> this.delegate.removeAll(keys));
	}

	@Override
	public OptionalLong size() {
		return call(this.delegate::size);
	}

	@Override
	public int removeExpired() {
		return call(this.delegate::removeExpired);
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	private void run(Runnable call) {
		call(() -> {
			call.run();
			return null;
		});
	}

	private <T> T call(Supplier<T> call) {
		boolean probe = this.guard.enter();
		T result;
		try {
			result = call.get();
		}
		catch (Throwable ex) {
			this.guard.failed(probe, ex);
			throw ex;
		}
		this.guard.succeeded(probe);
		return result;
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
