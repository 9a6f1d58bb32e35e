package io.polycache.testsupport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.polycache.spi.CacheStore;

/**
 * A store in front of a real one that counts the calls reaching it and the most that were
 * under way at once. Thread-safe.
 */
public final class CountingStore implements CacheStore<String, byte[]> {

	private final CacheStore<String, byte[]> delegate;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger mostInFlight = new AtomicInteger();

	public CountingStore(CacheStore<String, byte[]> delegate) {
		this.delegate = delegate;
	}

	/** Calls that reached the real store since the last {@link #reset()}. */
	public int calls() {
		return this.calls.get();
	}

	/** The most calls under way at the real store at once since the last {@link #reset()}. */
	public int mostInFlight() {
		return this.mostInFlight.get();
	}

	public void reset() {
		this.calls.set(0);
		this.mostInFlight.set(0);
	}

	private <T> T count(Supplier<T> call) {
		this.calls.incrementAndGet();
		this.mostInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		try {
			return call.get();
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	@Override
	public byte @Nullable [] get(String key) {
		return count(() -> this.delegate.get(key));
	}

	@Override
	public void put(String key, byte[] value, Duration ttl) {
		count(() -> {
			this.delegate.put(key, value, ttl);
			return null;
		});
	}

	@Override
	public byte @Nullable [] putIfAbsent(String key, byte[] value, Duration ttl) {
		return count(() -> this.delegate.putIfAbsent(key, value, ttl));
	}

	@Override
	public boolean remove(String key) {
		return count(() -> this.delegate.remove(key));
	}

	@Override
	public void clear() {
		count(() -> {
			this.delegate.clear();
			return null;
		});
	}

	@Override
	public long increment(String key, long delta, Duration ttlIfCreated) {
		return count(() -> this.delegate.increment(key, delta, ttlIfCreated));
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
