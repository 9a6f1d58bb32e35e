package io.polycache.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

import io.polycache.core.RemovalCause;
import io.polycache.spi.CacheStore;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads that put (with and without a short TTL), put if absent, remove, read and
 * reclaim expired entries in one store while time moves on, the first thread clearing it
 * every 500 operations, counting every value each key was given. Afterwards every value must have ended exactly once: per key,
 * {@code writes = removals reported (every cause) + (still present ? 1 : 0)}, since each
 * write either inserts (ending later in one removal, or still there) or replaces a live
 * value (one {@link RemovalCause#REPLACED}); and per cause, what the store reported is
 * what it counted.
 * @param <K> the store's keys
 * @param <V> the store's values
 */
public final class RemovalWorkload<K, V> {

	private final CacheStore<K, V> store;

	private final MutableClock clock;

	private final IntFunction<K> keys;

	private final IntFunction<V> values;

	private final int keyCount;

	public RemovalWorkload(CacheStore<K, V> store, MutableClock clock, IntFunction<K> keys, IntFunction<V> values,
			int keyCount) {
		this.store = store;
		this.clock = clock;
		this.keys = keys;
		this.values = values;
		this.keyCount = keyCount;
	}

	/** Runs the operations on {@code threads} threads, then checks every key's account with {@code events}. */
	public void runAndCheck(int threads, int operationsPerThread, RecordingStoreEvents events) throws Exception {
		AtomicLongArray writes = new AtomicLongArray(this.keyCount);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				workers.add(executor.submit(() -> {
					start.await();
					work(thread, operationsPerThread, writes);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> worker : workers) {
				worker.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		// Whatever has expired by now leaves as an expiration; what never expires stays.
		this.clock.advance(Duration.ofDays(1));
		this.store.removeExpired();
		long written = 0;
		for (int k = 0; k < this.keyCount; k++) {
			K key = this.keys.apply(k);
			long present = this.store.contains(key) ? 1 : 0;
			assertThat(events.reportedOf(key) + present).as("writes of key %s = its removals + present", key)
				.isEqualTo(writes.get(k));
			written += writes.get(k);
		}
		for (RemovalCause cause : RemovalCause.values()) {
			assertThat(events.reported(cause)).as("reported %s", cause).isEqualTo(events.counted(cause)).isPositive();
		}
		assertThat(written).isPositive();
	}

	private void work(int thread, int operations, AtomicLongArray writes) {
		SplittableRandom random = new SplittableRandom(thread * 31L + 7);
		for (int i = 1; i <= operations; i++) {
			int k = random.nextInt(this.keyCount);
			K key = this.keys.apply(k);
			int op = random.nextInt(100);
			if (op < 35) {
				Duration ttl = (op < 15) ? Duration.ofMillis(1 + random.nextInt(4)) : Duration.ZERO;
				this.store.put(key, this.values.apply(i), ttl);
				writes.incrementAndGet(k);
			}
			else if (op < 50) {
				if (this.store.putIfAbsent(key, this.values.apply(i), Duration.ofMillis(2)) == null) {
					writes.incrementAndGet(k);
				}
			}
			else if (op < 62) {
				this.store.remove(key);
			}
			else if (op < 90) {
				this.store.get(key);
			}
			else if (op < 95) {
				this.store.removeExpired();
			}
			else {
				this.clock.advanceMillis(1);
			}
			if (thread == 0 && i % 500 == 0) {
				this.store.clear();
			}
		}
	}

}
