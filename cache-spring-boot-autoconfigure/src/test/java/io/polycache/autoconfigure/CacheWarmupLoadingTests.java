package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;

import io.polycache.autoconfigure.WarmupRun.Progress;
import io.polycache.core.CacheWarmer;
import io.polycache.core.ExtendedCache;

import static io.polycache.autoconfigure.CacheWarmupTests.awaitEnded;
import static io.polycache.autoconfigure.CacheWarmupTests.cache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a warmer's writes and loads do to the cache: a file-system cache, whose entries
 * survive a restart, keeps them in a second context on the same directory, with no loader
 * call and no rewrite; a warm-up load is one load among the application's, and is
 * refreshed like them.
 */
class CacheWarmupLoadingTests {

	private static final int KEYS = 50;

	@TempDir
	Path directory;

	private final AtomicInteger loads = new AtomicInteger();

	private final AtomicInteger fetches = new AtomicInteger();

	private ApplicationContextRunner runner(String version) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.products.type=file-system",
					"cache.backends.products.file-system.directory=" + this.directory)
			.withBean(CacheWarmer.class, () -> new TestWarmer("products", (cache) -> {
				for (int i = 0; i < KEYS; i++) {
					String value = version + "-" + i;
					cache.load("loaded-" + i, () -> {
						this.loads.incrementAndGet();
						return value;
					});
					cache.putIfAbsent("put-" + i, value);
					if (!cache.contains("checked-" + i)) {
						this.fetches.incrementAndGet();
						cache.put("checked-" + i, value);
					}
				}
			}));
	}

	@Test
	void aRestartKeepsWhatTheFileSystemCacheAlreadyHolds() {
		runner("v1").run((context) -> {
			Progress first = ended(context);
			assertThat(first.loaded()).isEqualTo(KEYS);
			assertThat(first.stored()).isEqualTo(2 * KEYS);
			assertThat(first.skipped()).isZero();
		});
		assertThat(this.loads).hasValue(KEYS);
		assertThat(this.fetches).hasValue(KEYS);
		runner("v2").run((context) -> {
			Progress second = ended(context);
			assertThat(second.loaded()).isZero();
			assertThat(second.stored()).isZero();
			assertThat(second.skipped()).isEqualTo(2 * KEYS);
			ExtendedCache products = cache(context, "products");
			for (int i = 0; i < KEYS; i++) {
				for (String key : new String[] { "loaded-", "put-", "checked-" }) {
					assertThat(products.get(key + i)).as(key + i)
						.extracting(Cache.ValueWrapper::get)
						.isEqualTo("v1-" + i);
				}
			}
		});
		assertThat(this.loads).as("loader calls over both runs").hasValue(KEYS);
		assertThat(this.fetches).as("fetches over both runs").hasValue(KEYS);
	}

	@Test
	void aWarmUpLoadIsSharedWithTheApplicationsLoadOfTheSameKey() throws Exception {
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger applicationLoads = new AtomicInteger();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.quotes.ttl=10m")
			.withBean(CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> cache.load("k", () -> {
				loading.countDown();
				release.await();
				return "warmed";
			})))
			.run((context) -> {
				assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
				ExtendedCache quotes = cache(context, "quotes");
				CompletableFuture<Object> read = new CompletableFuture<>();
				Thread reader = new Thread(() -> read.complete(quotes.get("k", () -> {
					applicationLoads.incrementAndGet();
					return "application";
				})));
				reader.start();
				// The reader waits for the warm-up's load of its key before that load is let go.
				await().atMost(Duration.ofSeconds(30))
					.until(() -> reader.getState() == Thread.State.WAITING
							|| reader.getState() == Thread.State.TIMED_WAITING);
				assertThat(read).isNotDone();
				release.countDown();
				assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo("warmed");
				assertThat(applicationLoads).hasValue(0);
				assertThat(ended(context, "quotes").loaded()).isOne();
			});
	}

	@Test
	void aValueTheWarmUpLoadedIsRefreshedAhead() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.quotes.ttl=10m", "cache.backends.quotes.refresh-after=1ms")
			.withBean(CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> cache.load("k", () -> "warmed")))
			.run((context) -> {
				ended(context, "quotes");
				ExtendedCache quotes = cache(context, "quotes");
				await().atMost(Duration.ofSeconds(30)).until(() -> "fresh".equals(quotes.get("k", () -> "fresh")));
				assertThat(quotes.statistics().refreshes()).isPositive();
			});
	}

	@Test
	void aWarmerMayFillTheCacheFromThreadsOfItsOwn() {
		int threads = 8;
		int perThread = 2_000;
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.quotes.max-entries=0")
			.withBean(CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> {
				ExecutorService pool = Executors.newFixedThreadPool(threads);
				try {
					List<Future<?>> parts = new ArrayList<>();
					for (int t = 0; t < threads; t++) {
						int part = t;
						parts.add(pool.submit(() -> {
							for (int i = 0; i < perThread; i++) {
								String key = part + "-" + i;
								Integer value = i;
								if (i % 2 == 0) {
									cache.put(key, value);
								}
								else {
									cache.load(key, () -> value);
								}
								cache.putIfAbsent(key, -1);
							}
						}));
					}
					for (Future<?> part : parts) {
						part.get();
					}
				}
				finally {
					pool.shutdownNow();
				}
			}))
			.run((context) -> {
				Progress progress = ended(context, "quotes");
				assertThat(progress.state()).isEqualTo(WarmupRun.State.DONE);
				assertThat(progress.stored()).isEqualTo(threads * perThread / 2);
				assertThat(progress.loaded()).isEqualTo(threads * perThread / 2);
				assertThat(progress.skipped()).isEqualTo(threads * perThread);
				assertThat(cache(context, "quotes").size()).hasValue(threads * perThread);
			});
	}

	private static Progress ended(AssertableApplicationContext context) {
		return ended(context, "products");
	}

	private static Progress ended(AssertableApplicationContext context, String cacheName) {
		awaitEnded(context, cacheName);
		return context.getBean(CacheWarmups.class)
			.progress()
			.stream()
			.filter((progress) -> progress.cacheName().equals(cacheName))
			.findFirst()
			.orElseThrow();
	}

}
