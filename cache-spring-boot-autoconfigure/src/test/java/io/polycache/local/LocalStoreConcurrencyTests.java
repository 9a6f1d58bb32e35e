package io.polycache.local;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LocalStore} under contention: eight threads of mixed operations, checking the
 * invariants that must hold whatever the interleaving, not merely that nothing threw.
 */
class LocalStoreConcurrencyTests {

	private static final int THREADS = 8;

	private static final int OPERATIONS_PER_THREAD = 40_000;

	private static final int MAX_ENTRIES = 64;

	private static final int KEYS = 256;

	/** Values encode their key and writer: key * 2^32 + thread * 2^24 + sequence. */
	private static long encode(int key, int thread, int sequence) {
		return ((long) key << 32) | ((long) thread << 24) | sequence;
	}

	private final ExecutorService executor = Executors.newFixedThreadPool(THREADS + 1);

	@AfterEach
	void shutdown() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void mixedOperationsKeepBoundAndNeverMixUpValues(EvictionPolicy policy) throws Exception {
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, MAX_ENTRIES, policy, Clock.systemUTC(), new StatsCounter(),
				new SplittableRandom(42));
		// The highest sequence each thread has started writing, so a read can be checked against it.
		AtomicLongArray written = new AtomicLongArray(THREADS);
		ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
		AtomicBoolean running = new AtomicBoolean(true);
		CountDownLatch start = new CountDownLatch(1);
		AtomicLong sizeChecks = new AtomicLong();
		Future<?> monitor = this.executor.submit(() -> {
			while (running.get()) {
				long size = store.size().orElseThrow();
				if (size > MAX_ENTRIES) {
					violations.add("size " + size + " over bound");
				}
				sizeChecks.incrementAndGet();
			}
			return null;
		});
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			workers.add(this.executor.submit(() -> {
				SplittableRandom random = new SplittableRandom(thread);
				start.await();
				for (int i = 1; i <= OPERATIONS_PER_THREAD; i++) {
					int key = random.nextInt(KEYS);
					int op = random.nextInt(10);
					if (op < 5) {
						check(store.get(key), key, written, violations);
					}
					else if (op < 8) {
						written.set(thread, i);
						Duration ttl = (op == 7) ? Duration.ofMillis(1 + random.nextInt(5)) : Duration.ZERO;
						store.put(key, encode(key, thread, i), ttl);
					}
					else if (op < 9) {
						written.set(thread, i);
						check(store.putIfAbsent(key, encode(key, thread, i), Duration.ZERO), key, written, violations);
					}
					else {
						store.remove(key);
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> worker : workers) {
			worker.get(60, TimeUnit.SECONDS);
		}
		running.set(false);
		monitor.get(10, TimeUnit.SECONDS);
		assertThat(violations).isEmpty();
		assertThat(sizeChecks.get()).isPositive();
		assertThat(store.size().orElseThrow()).isBetween(0L, (long) MAX_ENTRIES);
		store.checkInvariants();
	}

	private static void check(Object value, int key, AtomicLongArray written, ConcurrentLinkedQueue<String> violations) {
		if (value == null) {
			return;
		}
		long encoded = (Long) value;
		int valueKey = (int) (encoded >>> 32);
		int thread = (int) ((encoded >>> 24) & 0xFF);
		long sequence = encoded & 0xFFFFFF;
		if (valueKey != key || thread >= THREADS || sequence > written.get(thread)) {
			violations.add("key " + key + " read " + Long.toHexString(encoded) + ", never written for it");
		}
	}

	@Test
	void incrementsAreAtomic() throws Exception {
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 0, EvictionPolicy.LRU, Clock.systemUTC(), new StatsCounter(),
				new SplittableRandom(1));
		int perThread = 20_000;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			workers.add(this.executor.submit(() -> {
				start.await();
				for (int i = 0; i < perThread; i++) {
					store.increment("counter-" + ((thread + i) % 4), 1, Duration.ZERO);
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> worker : workers) {
			worker.get(60, TimeUnit.SECONDS);
		}
		long total = 0;
		for (int c = 0; c < 4; c++) {
			total += (Long) store.get("counter-" + c);
		}
		assertThat(total).isEqualTo((long) THREADS * perThread);
	}

	@Test
	void exactlyOnePutIfAbsentWinsEachRace() throws Exception {
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 0, EvictionPolicy.FIFO, Clock.systemUTC(), new StatsCounter(),
				new SplittableRandom(1));
		int races = 2_000;
		AtomicLongArray winners = new AtomicLongArray(races);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			workers.add(this.executor.submit(() -> {
				start.await();
				for (int race = 0; race < races; race++) {
					if (store.putIfAbsent(race, thread, Duration.ZERO) == null) {
						winners.incrementAndGet(race);
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> worker : workers) {
			worker.get(60, TimeUnit.SECONDS);
		}
		for (int race = 0; race < races; race++) {
			assertThat(winners.get(race)).as("winners of race %d", race).isEqualTo(1);
		}
	}

}
