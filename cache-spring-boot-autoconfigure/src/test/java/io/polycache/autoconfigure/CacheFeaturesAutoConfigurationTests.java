package io.polycache.autoconfigure;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.core.ExtendedCache;
import io.polycache.core.TtlPolicy;
import io.polycache.core.trusted.Product;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.testsupport.Threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviours every cache gets from the core, seen through a real Spring context:
 * async {@code @Cacheable}, serialization settings, TTL policy beans, refresh-ahead and
 * its meters.
 */
class CacheFeaturesAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
		.withPropertyValues("cache.backends.quotes.ttl=10m");

	@Test
	void completableFutureMethodsCacheTheValueNotTheFuture() {
		this.runner.withUserConfiguration(AsyncServiceConfiguration.class).run(context -> {
			AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
			assertThat(quotes.quote(1).join()).isEqualTo("quote-1");
			assertThat(quotes.quote(1).join()).isEqualTo("quote-1");
			assertThat(quotes.quoteSync(2).join()).isEqualTo("sync-2");
			assertThat(quotes.quoteSync(2).join()).isEqualTo("sync-2");
			assertThat(quotes.calls()).isEqualTo(2);
			Cache cache = context.getBean(CacheManager.class).getCache("quotes");
			assertThat(cache.get(1)).extracting(Cache.ValueWrapper::get).isEqualTo("quote-1");
			assertThat(cache.get(2)).extracting(Cache.ValueWrapper::get).isEqualTo("sync-2");
		});
	}

	@Test
	void monoMethodsCacheTheValue() {
		this.runner.withUserConfiguration(AsyncServiceConfiguration.class).run(context -> {
			AsyncQuotes quotes = context.getBean(AsyncQuotes.class);
			assertThat(quotes.reactiveQuote(3).block()).isEqualTo("mono-3");
			assertThat(quotes.reactiveQuote(3).block()).isEqualTo("mono-3");
			assertThat(quotes.calls()).isEqualTo(1);
			assertThat(context.getBean(CacheManager.class).getCache("quotes").get(3))
				.extracting(Cache.ValueWrapper::get)
				.isEqualTo("mono-3");
		});
	}

	@Test
	void ttlPolicyBeanChoosesTtls() {
		this.runner.withBean(TtlPolicy.class, () -> (cacheName, key, value) -> Duration.ofMillis(1)).run(context -> {
			ExtendedCache quotes = (ExtendedCache) context.getBean(CacheManager.class).getCache("quotes");
			quotes.put("k", "v");
			await().atMost(Duration.ofSeconds(5)).until(() -> quotes.get("k") == null);
		});
	}

	@Test
	void storeByValueReadsBackOnlyAllowedClasses() {
		this.runner.withPropertyValues("cache.backends.quotes.store-by-value=true").run(context -> {
			Cache quotes = context.getBean(CacheManager.class).getCache("quotes");
			quotes.put("p", product());
			assertThat(quotes.get("p")).as("not in the allow-list: a miss, never the object").isNull();
			quotes.put("s", List.of("jdk", "types"));
			assertThat(quotes.get("s", List.class)).containsExactly("jdk", "types");
		});
		this.runner
			.withPropertyValues("cache.backends.quotes.store-by-value=true",
					"cache.serialization.allowed-packages=io.polycache.core.trusted")
			.run(context -> {
				Cache quotes = context.getBean(CacheManager.class).getCache("quotes");
				Product product = product();
				quotes.put("p", product);
				assertThat(quotes.get("p", Product.class)).isEqualTo(product).isNotSameAs(product);
			});
	}

	@Test
	void jsonSerializerWorksWithJackson() {
		this.runner
			.withPropertyValues("cache.backends.quotes.store-by-value=true", "cache.backends.quotes.serializer=json",
					"cache.serialization.allowed-packages=io.polycache.core.trusted")
			.run(context -> {
				Cache quotes = context.getBean(CacheManager.class).getCache("quotes");
				quotes.put("p", List.of(product()));
				assertThat(quotes.get("p", List.class)).containsExactly(product());
			});
	}

	@Test
	void jsonSerializerWithoutJacksonStopsStartup() {
		this.runner.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.withPropertyValues("cache.defaults.serializer=json", "cache.backends.quotes.store-by-value=true")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.defaults.serializer")
				.hasMessageContaining("Jackson"));
	}

	@Test
	void refreshAfterNotShorterThanTtlStopsStartup() {
		this.runner.withPropertyValues("cache.backends.quotes.refresh-after=10m")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cache.backends.quotes.refresh-after")
				.hasMessageContaining("before it is ever due for a refresh"));
	}

	@Test
	void refreshThreadsStopWhenTheContextCloses() {
		Set<Thread> before = Threads.aliveNamed(PolycacheCaches.REFRESH_THREAD_PREFIX);
		Set<Thread> started = new HashSet<>();
		this.runner.withPropertyValues("cache.backends.quotes.refresh-after=1ms").run(context -> {
			ExtendedCache quotes = (ExtendedCache) context.getBean(CacheManager.class).getCache("quotes");
			AtomicInteger loads = new AtomicInteger();
			quotes.get("k", loads::incrementAndGet);
			await().atMost(Duration.ofSeconds(5)).until(() -> {
				quotes.get("k", loads::incrementAndGet);
				return quotes.statistics().refreshes() > 0;
			});
			started.addAll(Threads.startedSince(before, PolycacheCaches.REFRESH_THREAD_PREFIX));
		});
		assertThat(started).isNotEmpty();
		await().atMost(Duration.ofSeconds(5)).until(() -> started.stream().noneMatch(Thread::isAlive));
	}

	@Test
	void loadAndRefreshMetersAreBound() {
		this.runner.withConfiguration(AutoConfigurations.of(CacheMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run(context -> {
				ExtendedCache quotes = (ExtendedCache) context.getBean(CacheManager.class).getCache("quotes");
				quotes.get("ok", () -> "v");
				try {
					quotes.get("bad", () -> { throw new IllegalStateException("down"); });
				}
				catch (Cache.ValueRetrievalException expected) {
					// counted below
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("cache.load").tag("cache", "quotes").tag("result", "success").functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.get("cache.load").tag("cache", "quotes").tag("result", "failure").functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.get("cache.refresh").tag("result", "success").functionCounter().count()).isZero();
				assertThat(registry.get("cache.expirations").tag("cache", "quotes").functionCounter()).isNotNull();
			});
	}


	private static Product product() {
		return new Product(7, "Kettle", new BigDecimal("29.00"), Instant.parse("2026-01-01T00:00:00Z"), List.of("a"));
	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncServiceConfiguration {

		@Bean
		AsyncQuotes asyncQuotes() {
			return new AsyncQuotes();
		}

	}

	static class AsyncQuotes {

		private final AtomicInteger calls = new AtomicInteger();

		int calls() {
			return this.calls.get();
		}

		@Cacheable("quotes")
		public CompletableFuture<String> quote(int id) {
			this.calls.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> "quote-" + id);
		}

		@Cacheable(cacheNames = "quotes", sync = true)
		public CompletableFuture<String> quoteSync(int id) {
			this.calls.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> "sync-" + id);
		}

		@Cacheable("quotes")
		public Mono<String> reactiveQuote(int id) {
			this.calls.incrementAndGet();
			return Mono.fromSupplier(() -> "mono-" + id);
		}

	}

}
