package io.polycache.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.local.LocalStores;
import io.polycache.spi.CacheStore;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh-ahead, driven by a hand-moved clock and a hand-run executor: no sleeps, and the
 * number of background reloads is counted exactly.
 */
class RefreshAheadTests {

	private final MutableClock clock = new MutableClock();

	private final ManualExecutor executor = new ManualExecutor();

	private final StoreCache<?, ?> cache = cache(this.executor);

	private StoreCache<?, ?> cache(Executor refreshExecutor) {
		return cache(refreshExecutor, 10_000);
	}

	private StoreCache<?, ?> cache(Executor refreshExecutor, long maxEntries) {
		CacheSettings settings = settings(maxEntries);
		StatsCounter stats = new StatsCounter();
		return StoreCache.builder(settings, LocalStores.create(settings, this.clock, stats))
			.stats(stats)
			.clock(this.clock)
			.refreshExecutor(refreshExecutor)
			.build();
	}

	private StoreCache<?, ?> cache(HookStore store) {
		store.delegate = LocalStores.create(settings(100), this.clock, new StatsCounter());
		return StoreCache.builder(settings(100), store).clock(this.clock).refreshExecutor(this.executor).build();
	}

	private static CacheSettings settings(long maxEntries) {
		return CacheSettings.builder("quotes")
			.ttl(Duration.ofMinutes(10))
			.refreshAfter(Duration.ofMinutes(1))
			.maxEntries(maxEntries)
			.build();
	}

	@Test
	void freshValueIsNotReloaded() {
		this.cache.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.cache.get("k", () -> "v2")).isEqualTo("v1");
		assertThat(this.executor.pending()).isZero();
	}

	@Test
	void staleValueIsServedAndReloadedOnceHoweverManyReadersSeeIt() throws Exception {
		this.cache.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		AtomicInteger reloads = new AtomicInteger();
		int readers = 16;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(readers);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < readers; i++) {
				results.add(threads.submit(() -> {
					start.await();
					return this.cache.get("k", () -> "v2-" + reloads.incrementAndGet());
				}));
			}
			start.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.executor.pending()).isOne();
		assertThat(reloads).hasValue(0);
		this.executor.runAll();
		assertThat(reloads).hasValue(1);
		assertThat(this.cache.get("k", () -> "unused")).isEqualTo("v2-1");
		assertThat(this.cache.statistics().refreshes()).isOne();
	}

	@Test
	void reloadedValueIsFreshAgain() {
		this.cache.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		this.cache.get("k", () -> "v2");
		this.executor.runAll();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.cache.get("k", () -> "v3")).isEqualTo("v2");
		assertThat(this.executor.pending()).isZero();
	}

	@Test
	void failedReloadKeepsOldValueAndIsRetriedAfterTheNextInterval() {
		this.cache.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		this.cache.get("k", () -> { throw new IllegalStateException("source down"); });
		this.executor.runAll();
		assertThat(this.cache.statistics().refreshFailures()).isOne();
		assertThat(this.cache.get("k", () -> "v2")).isEqualTo("v1");
		assertThat(this.executor.pending()).as("no retry before the next interval").isZero();
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(this.cache.get("k", () -> "v2")).isEqualTo("v1");
		assertThat(this.executor.pending()).isOne();
		this.executor.runAll();
		assertThat(this.cache.get("k", () -> "v3")).isEqualTo("v2");
	}

	@Test
	void reloadThatFinishesAfterAnEvictIsDiscarded() {
		this.cache.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		this.cache.get("k", () -> "stale read of the source");
		this.cache.evict("k");
		this.executor.runAll();
		assertThat(this.cache.get("k")).isNull();
		assertThat(this.cache.statistics().refreshes()).isZero();
	}

	@Test
	void reloadThatFinishesAfterAPutIsDiscarded() {
		this.cache.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		this.cache.get("k", () -> "stale read of the source");
		this.cache.put("k", "written by the application");
		this.executor.runAll();
		assertThat(this.cache.get("k")).extracting(wrapper -> wrapper.get()).isEqualTo("written by the application");
	}

	@Test
	void reloadThatFinishesAfterAClearIsDiscarded() {
		this.cache.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		this.cache.get("k", () -> "stale read of the source");
		this.cache.clear();
		this.executor.runAll();
		assertThat(this.cache.get("k")).isNull();
	}

	@Test
	void valuePastItsTtlIsNotServedStale() {
		this.cache.get("k", () -> "v1");
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.cache.get("k", () -> "v2")).isEqualTo("v2");
		assertThat(this.executor.pending()).isZero();
	}

	@Test
	void valuesPutWithoutALoaderAreNotReloaded() {
		this.cache.put("k", "v1");
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.cache.get("k", () -> "v2")).isEqualTo("v1");
		assertThat(this.executor.pending()).isZero();
	}

	@Test
	void asyncLoadedValuesAreReloadedToo() {
		this.cache.retrieve("k", () -> CompletableFuture.completedFuture("v1")).join();
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(this.cache.retrieve("k", () -> CompletableFuture.completedFuture("v2")).join()).isEqualTo("v1");
		this.executor.runAll();
		assertThat(this.cache.get("k")).extracting(wrapper -> wrapper.get()).isEqualTo("v2");
	}

	@Test
	void fullRefreshQueueSkipsTheReloadWithoutFailingTheReader() {
		StoreCache<?, ?> rejecting = cache(task -> { throw new RejectedExecutionException("full"); });
		rejecting.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(rejecting.get("k", () -> "v2")).isEqualTo("v1");
		assertThat(rejecting.statistics().refreshes()).isZero();
	}

	@Test
	void failingExecutorSkipsTheReloadWithoutFailingTheReaderOrLeavingTheKeyMarked() {
		AtomicInteger calls = new AtomicInteger();
		StoreCache<?, ?> flaky = cache(task -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("executor broken");
			}
			this.executor.execute(task);
		});
		flaky.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(flaky.get("k", () -> "v2")).isEqualTo("v1");
		assertThat(flaky.trackedRefreshes()).isZero();
		assertThat(flaky.get("k", () -> "v2")).isEqualTo("v1");
		assertThat(this.executor.pending()).as("the next due read schedules the reload").isOne();
		this.executor.runAll();
		assertThat(flaky.get("k")).extracting(wrapper -> wrapper.get()).isEqualTo("v2");
	}

	@Test
	void refreshedKeysLeaveNothingBehind() {
		int keys = 100_000;
		StoreCache<?, ?> direct = cache(Runnable::run, 0);
		for (int i = 0; i < keys; i++) {
			direct.get(i, () -> "v1");
		}
		this.clock.advance(Duration.ofSeconds(61));
		for (int i = 0; i < keys; i++) {
			direct.get(i, () -> "v2");
		}
		assertThat(direct.statistics().refreshes()).isEqualTo(keys);
		direct.clear();
		assertThat(direct.trackedRefreshes()).isZero();
	}

	@Test
	void putThatArrivesWhileAReloadStoresLandsAfterIt() throws Exception {
		HookStore store = new HookStore();
		StoreCache<?, ?> hooked = cache(store);
		hooked.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		hooked.get("k", () -> "reloaded");
		Thread writer = new Thread(() -> hooked.put("k", "written by the application"));
		// The reload has decided to store; the application writes before its value reaches the store.
		store.beforeNextPut(() -> startAndAwaitBlockedOrDone(writer));
		this.executor.runAll();
		writer.join(10_000);
		assertThat(writer.isAlive()).isFalse();
		assertThat(hooked.get("k")).extracting(wrapper -> wrapper.get()).isEqualTo("written by the application");
	}

	@Test
	void evictThatArrivesWhileAReloadStoresLandsAfterIt() throws Exception {
		HookStore store = new HookStore();
		StoreCache<?, ?> hooked = cache(store);
		hooked.get("k", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		hooked.get("k", () -> "reloaded");
		Thread evicter = new Thread(() -> hooked.evict("k"));
		store.beforeNextPut(() -> startAndAwaitBlockedOrDone(evicter));
		this.executor.runAll();
		evicter.join(10_000);
		assertThat(evicter.isAlive()).isFalse();
		assertThat(hooked.get("k")).as("the evicted key does not come back").isNull();
	}

	/** Starts the thread and returns once it waits for a lock or has finished. */
	private static void startAndAwaitBlockedOrDone(Thread thread) {
		thread.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (thread.getState() != Thread.State.BLOCKED && thread.getState() != Thread.State.TERMINATED
				&& System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
	}

	/** Queues tasks until the test runs them. */
	static final class ManualExecutor implements Executor {

		private final Queue<Runnable> tasks = new ArrayDeque<>();

		@Override
		public synchronized void execute(Runnable task) {
			this.tasks.add(task);
		}

		synchronized int pending() {
			return this.tasks.size();
		}

		void runAll() {
			Runnable task;
			while ((task = next()) != null) {
				task.run();
			}
		}

		private synchronized Runnable next() {
			return this.tasks.poll();
		}

	}

	/** A store that runs a hook before its next put reaches the real store. */
	static final class HookStore implements CacheStore<Object, Object> {

		CacheStore<Object, Object> delegate;

		private volatile @Nullable Runnable beforeNextPut;

		void beforeNextPut(Runnable hook) {
			this.beforeNextPut = hook;
		}

		@Override
		public void put(Object key, Object value, Duration ttl) {
			Runnable hook = this.beforeNextPut;
			this.beforeNextPut = null;
			if (hook != null) {
				hook.run();
			}
			this.delegate.put(key, value, ttl);
		}

		@Override
		public @Nullable Object get(Object key) {
			return this.delegate.get(key);
		}

		@Override
		public @Nullable Object putIfAbsent(Object key, Object value, Duration ttl) {
			return this.delegate.putIfAbsent(key, value, ttl);
		}

		@Override
		public boolean remove(Object key) {
			return this.delegate.remove(key);
		}

		@Override
		public void clear() {
			this.delegate.clear();
		}

		@Override
		public long increment(Object key, long delta, Duration ttlIfCreated) {
			return this.delegate.increment(key, delta, ttlIfCreated);
		}

	}

}
