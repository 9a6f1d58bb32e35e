package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.autoconfigure.WarmupRun.State;
import io.polycache.core.CacheWarmer;
import io.polycache.core.ExtendedCache;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.testsupport.Threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Cache warm-up through a real context: a file-system cache ({@code products}) and a
 * local-memory one ({@code quotes}), filled by {@link CacheWarmer} beans in the background.
 */
@ExtendWith(OutputCaptureExtension.class)
class CacheWarmupTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.products.type=file-system",
					"cache.backends.products.file-system.directory=" + this.directory, "cache.backends.quotes.ttl=10m");
	}

	@Test
	void warmedEntriesAreInTheCacheAfterStart(CapturedOutput output) {
		runner().withBean(CacheWarmer.class, () -> new TestWarmer("products", (cache) -> {
			for (int i = 0; i < 100; i++) {
				cache.put("p-" + i, "product " + i);
			}
		})).run((context) -> {
			awaitEnded(context, "products");
			ExtendedCache products = cache(context, "products");
			for (int i = 0; i < 100; i++) {
				assertThat(products.get("p-" + i)).extracting(Cache.ValueWrapper::get).isEqualTo("product " + i);
			}
			assertThat(output).contains("Warming cache 'products' in the background (" + TestWarmer.class.getName())
				.containsPattern("Warmed cache 'products' in \\d+\\.\\d{3} s: 100 stored, 0 loaded, 0 skipped");
		});
	}

	@Test
	void startUpDoesNotWaitForASlowWarmerWhoseHealthShowsRunningThenDone(CapturedOutput output) {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		runner().withBean(CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> {
			cache.put("first", 1);
			entered.countDown();
			release.await();
			cache.put("second", 2);
		})).run((context) -> {
			// The context has started (run() is called after refresh) while the warmer is blocked.
			assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(CacheWarmups.class).isRunning()).isTrue();
			HealthIndicator health = context.getBean("cacheWarmupHealthContributor", HealthIndicator.class);
			Health running = health.health();
			assertThat(running.getStatus()).isEqualTo(Status.UP);
			assertThat(running.getDetails().get("quotes")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("state", "running")
				.containsEntry("stored", 1L);
			context.getBean(CacheWarmups.class).logProgress();
			assertThat(output).containsPattern("Warming cache 'quotes', \\d+\\.\\d{3} s so far: 1 stored");
			assertThat(cache(context, "quotes").get("second")).isNull();
			release.countDown();
			awaitEnded(context, "quotes");
			Health done = health.health();
			assertThat(done.getStatus()).isEqualTo(Status.UP);
			assertThat(done.getDetails().get("quotes")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("state", "done")
				.containsEntry("stored", 2L);
			assertThat(cache(context, "quotes").get("second")).extracting(Cache.ValueWrapper::get).isEqualTo(2);
		});
	}

	@Test
	void durationAndCountsAreMetered() {
		runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("productsWarmer", CacheWarmer.class, () -> new TestWarmer("products", (cache) -> {
				cache.put("a", 1);
				cache.putIfAbsent("a", 2);
				cache.load("b", () -> 3);
			}))
			.withBean("quotesWarmer", CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> {
				throw new IllegalStateException("quote service down");
			}))
			.run((context) -> {
				awaitEnded(context, "products");
				awaitEnded(context, "quotes");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Timer success = registry.get("cache.warmup").tag("cache", "products").tag("result", "success").timer();
				assertThat(success.count()).isOne();
				assertThat(success.totalTime(TimeUnit.NANOSECONDS)).isPositive();
				assertThat(registry.get("cache.warmup").tag("cache", "quotes").tag("result", "failure").timer().count())
					.isOne();
				assertThat(registry.find("cache.warmup").tag("cache", "quotes").tag("result", "success").timer())
					.isNull();
				assertThat(entries(registry, "products", "stored")).isEqualTo(1);
				assertThat(entries(registry, "products", "loaded")).isEqualTo(1);
				assertThat(entries(registry, "products", "skipped")).isEqualTo(1);
			});
	}

	private static double entries(MeterRegistry registry, String cache, String result) {
		return registry.get("cache.warmup.entries").tag("cache", cache).tag("result", result).counter().count();
	}

	@Test
	void aFailingWarmerIsLoggedAndTheOthersStillRun(CapturedOutput output) {
		runner().withBean("failing", CacheWarmer.class, () -> new TestWarmer("quotes", 1, (cache) -> {
			cache.put("before", 1);
			throw new IllegalStateException("quote service down");
		}))
			.withBean("sameCacheAfter", CacheWarmer.class, () -> new TestWarmer("quotes", 2, (cache) -> cache.put("after", 2)))
			.withBean("otherCache", CacheWarmer.class, () -> new TestWarmer("products", (cache) -> cache.put("p", 3)))
			.run((context) -> {
				awaitEnded(context, "quotes");
				awaitEnded(context, "products");
				assertThat(context).hasNotFailed();
				ExtendedCache quotes = cache(context, "quotes");
				assertThat(quotes.get("before")).extracting(Cache.ValueWrapper::get).isEqualTo(1);
				assertThat(quotes.get("after")).extracting(Cache.ValueWrapper::get).isEqualTo(2);
				assertThat(cache(context, "products").get("p")).extracting(Cache.ValueWrapper::get).isEqualTo(3);
				assertThat(output)
					.contains("The cache warmer " + TestWarmer.class.getName() + " of cache 'quotes' failed")
					.contains("java.lang.IllegalStateException: quote service down")
					.containsPattern("Warm-up of cache 'quotes' failed after \\d+\\.\\d{3} s: 2 stored");
				Map<String, Object> details = context.getBean("cacheWarmupHealthContributor", HealthIndicator.class)
					.health()
					.getDetails();
				assertThat(details.get("quotes")).asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("state", "failed")
					.hasEntrySatisfying("failure",
							(failure) -> assertThat(failure.toString()).contains("quote service down"));
				assertThat(details.get("products")).asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("state", "done");
			});
	}

	@Test
	void closingTheContextInterruptsARunningWarmerAndLeavesNoThread(CapturedOutput output) {
		Set<Thread> before = Threads.aliveNamed(CacheWarmups.THREAD_PREFIX);
		Set<Thread> started = new HashSet<>();
		CountDownLatch entered = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicReference<Throwable> putAfterClose = new AtomicReference<>();
		runner().withBean(CacheWarmer.class, () -> new TestWarmer("products", (cache) -> {
			entered.countDown();
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
				try {
					cache.put("late", 1);
				}
				catch (RuntimeException late) {
					putAfterClose.set(late);
				}
				throw ex;
			}
		})).run((context) -> {
			assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			started.addAll(Threads.startedSince(before, CacheWarmups.THREAD_PREFIX));
		});
		assertThat(interrupted).isTrue();
		assertThat(putAfterClose.get()).isInstanceOf(CancellationException.class)
			.hasMessageContaining("warm-up of cache 'products' was stopped");
		assertThat(started).hasSize(2);
		await().atMost(WAIT).until(() -> started.stream().noneMatch(Thread::isAlive));
		assertThat(output).containsPattern("Warm-up of cache 'products' stopped after \\d+\\.\\d{3} s")
			.doesNotContain("of cache 'products' failed");
	}

	@Test
	void threadsEndWhenEveryWarmUpHasEnded() {
		Set<Thread> before = Threads.aliveNamed(CacheWarmups.THREAD_PREFIX);
		runner().withBean(CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> cache.put("k", 1)))
			.run((context) -> {
				awaitEnded(context, "quotes");
				await().atMost(WAIT).until(() -> Threads.startedSince(before, CacheWarmups.THREAD_PREFIX).isEmpty());
			});
	}

	@Test
	void aWarmerNamingAnUnknownCacheStopsStartUp() {
		runner().withBean(CacheWarmer.class, () -> new TestWarmer("prodcts", (cache) -> cache.put("k", 1)))
			.run((context) -> {
				assertThat(context).getFailure()
					.isInstanceOf(PolycacheConfigurationException.class)
					.hasMessageContaining("'prodcts'")
					.hasMessageContaining("the cache warmer " + TestWarmer.class.getName())
					.hasMessageContaining("did you mean 'products'?");
				FailureAnalysis analysis = new PolycacheConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: cache.backends")
					.contains("Value: \"prodcts\"")
					.contains("(configured caches: [products, quotes])");
				assertThat(analysis.getAction()).contains("Declare the cache under cache.backends.prodcts");
			});
	}

	@Test
	void withoutAWarmerThereIsNoWarmUpAndNoHealthIndicator() {
		runner().run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(CacheWarmups.class)
			.doesNotHaveBean("cacheWarmupHealthContributor"));
	}

	@Test
	void withoutHealthSupportTheWarmUpStillRuns() {
		runner().withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.withBean(CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> cache.put("k", 1)))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("cacheWarmupHealthContributor");
				awaitEnded(context, "quotes");
				assertThat(cache(context, "quotes").get("k")).isNotNull();
			});
	}

	@Test
	void withoutMicrometerTheWarmUpStillRuns() {
		runner().withClassLoader(new FilteredClassLoader("io.micrometer"))
			.withBean(CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> cache.put("k", 1)))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(WarmupMeters.class);
				awaitEnded(context, "quotes");
				assertThat(cache(context, "quotes").get("k")).isNotNull();
			});
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		runner().withPropertyValues("management.health.cache-warmup.enabled=false")
			.withBean(CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> cache.put("k", 1)))
			.run((context) -> assertThat(context).hasSingleBean(CacheWarmups.class)
				.doesNotHaveBean("cacheWarmupHealthContributor"));
	}

	@Test
	void healthEndpointShowsTheWarmUp() {
		runner()
			.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
			.withBean(CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> cache.put("k", 1)))
			.run((context) -> {
				awaitEnded(context, "quotes");
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				assertThat(endpoint.healthForPath("cacheWarmup").getStatus()).isEqualTo(Status.UP);
				assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void nothingIsWarmedWhileCachingIsOff(CapturedOutput output) {
		AtomicBoolean called = new AtomicBoolean();
		runner().withPropertyValues("cache.enabled=false")
			.withBean(CacheWarmer.class, () -> new TestWarmer("quotes", (cache) -> called.set(true)))
			.run((context) -> {
				assertThat(context.getBean(CacheWarmups.class).progress()).isEmpty();
				assertThat(context.getBean("cacheWarmupHealthContributor", HealthIndicator.class).health().getDetails())
					.isEmpty();
				assertThat(output).contains("cache.enabled is false: the cache warmers of 'quotes' do not run");
			});
		assertThat(called).isFalse();
	}

	@Test
	void theFailureAnalysisNamesTheWarmerTheCachesAndTheFix(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MisnamedWarmerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--cache.backends.products.ttl=1m"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: cache.backends")
			.contains("Value: \"prodcts\"")
			.contains("the cache warmer " + TestWarmer.class.getName() + " warms cache 'prodcts'")
			.contains("did you mean 'products'?")
			.contains("Declare the cache under cache.backends.prodcts");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MisnamedWarmerApplication {

		@Bean
		CacheWarmer misnamedWarmer() {
			return new TestWarmer("prodcts", (cache) -> cache.put("k", 1));
		}

	}

	static void awaitEnded(AssertableApplicationContext context, String cacheName) {
		CacheWarmups warmups = context.getBean(CacheWarmups.class);
		await().atMost(WAIT)
			.until(() -> warmups.progress()
				.stream()
				.anyMatch((progress) -> progress.cacheName().equals(cacheName) && progress.state() != State.PENDING
						&& progress.state() != State.RUNNING));
	}

	static ExtendedCache cache(AssertableApplicationContext context, String name) {
		return (ExtendedCache) context.getBean(CacheManager.class).getCache(name);
	}

}
