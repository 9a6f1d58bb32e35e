package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;

import io.polycache.internal.AssembledCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code single-flight: cluster} and {@code auto-refresh} between two application
 * contexts, two instances of one application, sharing one real store: the loader runs
 * once for sixteen concurrent callers across both, an instance closed mid-load is
 * replaced after the lease, and auto-refresh reloads a key once per period, not once per
 * instance.
 */
abstract class AbstractClusterLoadingTests {

	/** The lease of the take-over test: long enough for its load to start, short enough to wait out. */
	static final Duration LEASE = Duration.ofSeconds(2);

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final CountDownLatch gate = new CountDownLatch(1);

	private final AtomicInteger loads = new AtomicInteger();

	/** A key of this test only: the tests of a class share one server. */
	private final String key = "sku-" + UUID.randomUUID();

	/** The context with {@code products} on the store under test, {@code single-flight: cluster}. */
	protected abstract ApplicationContextRunner runner();

	protected String[] clusterProperties() {
		return new String[] { "cache.backends.products.ttl=10m", "cache.backends.products.single-flight=cluster" };
	}

	@AfterEach
	void stopThreads() {
		this.gate.countDown();
		this.threads.shutdownNow();
	}

	@Test
	void sixteenCallersOnTwoInstancesRunTheLoaderOnce() {
		twoInstances(runner(), (a, b) -> {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				AssembledCache instance = (i % 2 == 0) ? a : b;
				results.add(this.threads.submit(() -> instance.get(this.key, this::gatedLoad)));
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.loads.get() == 1
						&& a.storeCache().clusterWaits() + b.storeCache().clusterWaits() == 1);
			this.gate.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("price-1");
			}
			assertThat(this.loads).hasValue(1);
			assertThat(a.get(this.key, String.class)).isEqualTo("price-1");
		});
	}

	@Test
	void aLoadWhoseInstanceClosedIsTakenOverAfterTheLease() throws Exception {
		AtomicReference<Future<String>> fromB = new AtomicReference<>();
		ApplicationContextRunner runner = runner()
			.withPropertyValues("cache.backends.products.single-flight-lease=" + LEASE.toMillis() + "ms");
		runner.run((contextB) -> {
			AssembledCache b = warm(products(contextB));
			runner.run((contextA) -> {
				AssembledCache a = warm(products(contextA));
				this.threads.submit(() -> a.get(this.key, this::gatedLoad));
				await().atMost(Duration.ofSeconds(10)).until(() -> this.loads.get() == 1);
				fromB.set(this.threads.submit(() -> b.get(this.key, () -> "from-b")));
				await().atMost(Duration.ofSeconds(10)).until(() -> b.storeCache().clusterWaits() == 1);
			});
			// A is closed, its load still hangs, and its lease is still in the store.
			assertThat(fromB.get()).isNotDone();
			assertThat(fromB.get().get(LEASE.multipliedBy(5).toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("from-b");
			assertThat(b.get(this.key, String.class)).isEqualTo("from-b");
		});
	}

	@Test
	void autoRefreshReloadsAKeyOncePerPeriodAcrossTwoInstances() {
		Duration period = Duration.ofSeconds(1);
		twoInstances(runner().withPropertyValues("cache.backends.products.auto-refresh=" + period.toMillis() + "ms"),
				(a, b) -> {
					a.get(this.key, this.loads::incrementAndGet);
					b.get(this.key, this.loads::incrementAndGet);
					assertThat(this.loads).hasValue(1);
					assertThat(b.storeCache().autoRefreshScheduled()).isEqualTo(1);
					await().atMost(Duration.ofSeconds(10)).until(() -> this.loads.get() >= 2);
					long start = System.nanoTime();
					int before = this.loads.get();
					int periods = 5;
					Thread.sleep(period.multipliedBy(periods).toMillis());
					int reloads = this.loads.get() - before;
					double elapsed = (System.nanoTime() - start) / (double) period.toNanos();
					// One instance reloads per period: about five, never the ten two instances would make.
					assertThat(reloads).as("reloads in %.1f periods", elapsed).isBetween(2, (int) elapsed + 2);
				});
	}

	@Test
	void aPlainCacheableValueIsServedStaleAndReloadedOnceAcrossTwoInstances() {
		ApplicationContextRunner runner = runner().withPropertyValues("cache.backends.products.refresh-after=200ms")
			.withBean(Quotes.class, () -> new Quotes(this.loads, this.gate));
		runner.run((contextA) -> runner.run((contextB) -> {
			Quotes a = contextA.getBean(Quotes.class);
			Quotes b = contextB.getBean(Quotes.class);
			warm(products(contextA));
			warm(products(contextB));
			assertThat(a.quote(this.key)).isEqualTo(this.key + "-1");
			Thread.sleep(300);
			List<Future<String>> reads = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				Quotes instance = (i % 2 == 0) ? a : b;
				reads.add(this.threads.submit(() -> instance.quote(this.key)));
			}
			for (Future<String> read : reads) {
				assertThat(read.get(10, TimeUnit.SECONDS)).as("served at once, while the reload waits")
					.isEqualTo(this.key + "-1");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.loads.get() == 2);
			this.gate.countDown();
			// Read through the caches, not the method: a read of the method 200 ms later would be due again.
			AssembledCache cacheA = products(contextA);
			AssembledCache cacheB = products(contextB);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> (this.key + "-2").equals(cacheB.get(this.key, String.class)));
			assertThat(cacheA.get(this.key, String.class)).isEqualTo(this.key + "-2");
			assertThat(this.loads).as("one load, one reload for sixteen readers on two instances").hasValue(2);
		}));
	}

	/** A plain {@code @Cacheable} method; its reloads wait for the test's gate. */
	static class Quotes {

		private final AtomicInteger calls;

		private final CountDownLatch gate;

		Quotes(AtomicInteger calls, CountDownLatch gate) {
			this.calls = calls;
			this.gate = gate;
		}

		@Cacheable("products")
		public String quote(String key) throws InterruptedException {
			int call = this.calls.incrementAndGet();
			if (call > 1) {
				this.gate.await();
			}
			return key + "-" + call;
		}

	}

	private String gatedLoad() throws InterruptedException {
		this.loads.incrementAndGet();
		this.gate.await();
		return "price-1";
	}

	/** Runs the test on the {@code products} caches of two instances, A and B, connected and ready. */
	protected static void twoInstances(ApplicationContextRunner runner, TwoInstances test) {
		runner.run((contextA) -> runner
			.run((contextB) -> test.run(warm(products(contextA)), warm(products(contextB)))));
	}

	/**
	 * The cache after a write and a read: its client has connected, which on a busy
	 * machine may take longer than a lease in these tests lasts.
	 */
	private static AssembledCache warm(AssembledCache cache) {
		cache.put("warm-up", "ready");
		assertThat(cache.get("warm-up", String.class)).isEqualTo("ready");
		return cache;
	}

	private static AssembledCache products(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return (AssembledCache) context.getBean(CacheManager.class).getCache("products");
	}

	@FunctionalInterface
	interface TwoInstances {

		void run(AssembledCache a, AssembledCache b) throws Exception;

	}

}
