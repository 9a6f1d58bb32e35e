package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.BeanFactoryCacheOperationSourceAdvisor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;

import io.polycache.core.ExtendedCache;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.RefreshProbe;
import io.polycache.internal.Reinvocation;
import io.polycache.internal.StoreCache;
import io.polycache.testsupport.RedisServerExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code refresh-after} on {@code @Cacheable} methods without {@code sync = true}, through
 * a real Spring context, on local memory and on a real redis server. A reload is held on a
 * gate, so what readers get while it runs, and how many reloads run, are exact.
 */
class PlainCacheableRefreshTests {

	private static final int READERS = 16;

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	enum Backend {

		LOCAL_MEMORY, REDIS

	}

	private static ApplicationContextRunner runner(Backend backend) {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withUserConfiguration(QuoteConfiguration.class)
			.withPropertyValues("cache.backends.quotes.ttl=10m", "cache.backends.quotes.refresh-after=1ms",
					"cache.backends.rates.ttl=10m", "cache.backends.rates.refresh-after=1ms");
		if (backend == Backend.LOCAL_MEMORY) {
			return runner;
		}
		String prefix = "reinvoke-" + UUID.randomUUID() + ":";
		return runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(redis.springProperties())
			.withPropertyValues("spring.data.redis.timeout=2s",
					"cache.backends.quotes.type=redis", "cache.backends.quotes.key-prefix=" + prefix,
					"cache.backends.rates.type=redis", "cache.backends.rates.key-prefix=" + prefix);
	}

	@Test
	void springsCacheAdviceIsWrappedWhetherPolycacheOrTheApplicationEnablesCaching() {
		check(runner(Backend.LOCAL_MEMORY), (context, quotes, cache) -> assertThat(
				context.getBean(BeanFactoryCacheOperationSourceAdvisor.class).getAdvice())
			.isInstanceOf(ReinvokingCacheInterceptor.class));
		check(runner(Backend.LOCAL_MEMORY).withUserConfiguration(InnerAdviceConfiguration.class),
				(context, quotes, cache) -> assertThat(
						context.getBean(BeanFactoryCacheOperationSourceAdvisor.class).getAdvice())
					.isInstanceOf(ReinvokingCacheInterceptor.class));
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void staleValueIsServedAtOnceAndReloadedOnce(Backend backend) {
		check(runner(backend), (context, quotes, cache) -> {
			assertThat(quotes.quote(1)).isEqualTo("quote-1-1");
			passRefreshAfter();
			quotes.closeGate();
			assertThat(readConcurrently(() -> quotes.quote(1))).as("every reader gets the stale value at once")
				.containsOnly("quote-1-1")
				.hasSize(READERS);
			await().untilAsserted(() -> assertThat(quotes.calls()).isEqualTo(2));
			quotes.openGate();
			await().until(() -> "quote-1-2".equals(RefreshProbe.stored(cache, 1)));
			await().until(() -> RefreshProbe.tracked(cache) == 0);
			assertThat(quotes.calls()).as("one load, one reload for %d readers", READERS).isEqualTo(2);
			assertThat(((ExtendedCache) cache).statistics().refreshes()).isOne();
			assertThat(cache.get(1, String.class)).isEqualTo("quote-1-2");
		});
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void completableFutureMethodsAreReloadedToo(Backend backend) {
		check(runner(backend), (context, quotes, cache) -> {
			quotes.closeGate();
			List<@Nullable Object> inCallback = new CopyOnWriteArrayList<>();
			// Completed on another thread after the call returned: the put runs there.
			CompletableFuture<@Nullable Object> first = quotes.futureQuote(2).thenApply((value) -> {
				inCallback.add(Reinvocation.current());
				return value;
			});
			quotes.openGate();
			assertThat(first.join()).isEqualTo("future-2-1");
			assertThat(inCallback).as("the caller's callback runs with no re-invocation").containsExactly((Object) null);
			await().until(() -> "future-2-1".equals(RefreshProbe.stored(cache, 2)));
			passRefreshAfter();
			quotes.closeGate();
			assertThat(readConcurrently(() -> quotes.futureQuote(2).join())).containsOnly("future-2-1")
				.hasSize(READERS);
			await().untilAsserted(() -> assertThat(quotes.calls()).isEqualTo(2));
			quotes.openGate();
			await().until(() -> "future-2-2".equals(RefreshProbe.stored(cache, 2)));
			await().until(() -> RefreshProbe.tracked(cache) == 0);
			assertThat(quotes.calls()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void cacheReadsInTheMethodBodyAreNotTakenForTheInterceptors(Backend backend) {
		check(runner(backend), (context, quotes, quotesCache) -> {
			Rates rates = context.getBean(Rates.class);
			Cache ratesCache = context.getBean(CacheManager.class).getCache("rates");
			ratesCache.get("usd", () -> "usd-1");
			passRefreshAfter();
			assertThat(quotes.converted(3)).isEqualTo("quote-3 at usd-1 and eur-1");
			assertThat(quotes.seenInBody()).as("the method body runs with no re-invocation").containsExactly((Object) null);
			assertThat(rates.seenInBody()).as("nor does a nested @Cacheable method's").containsExactly((Object) null);
			assertThat(RefreshProbe.tracked(ratesCache)).as("the body's read of a due value started no reload")
				.isZero();
			assertThat(((ExtendedCache) ratesCache).statistics().refreshes()).isZero();
			assertThat(RefreshProbe.stored(ratesCache, "usd")).isEqualTo("usd-1");
			// The outer put came after the nested call: its value is reloadable all the same.
			passRefreshAfter();
			assertThat(quotes.converted(3)).isEqualTo("quote-3 at usd-1 and eur-1");
			await().until(() -> RefreshProbe.tracked(quotesCache) == 0 && quotes.calls() == 2);
			await().until(() -> "quote-3 at usd-1 and eur-1 (2)".equals(RefreshProbe.stored(quotesCache, 3)));
			assertThat(RefreshProbe.stored(ratesCache, "usd")).isEqualTo("usd-1");
			await().until(() -> RefreshProbe.tracked(ratesCache) == 0);
		});
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aPutDuringAReloadWins(Backend backend) {
		check(runner(backend), (context, quotes, cache) -> {
			startBlockedReload(quotes, 5);
			quotes.update(5, "manual");
			quotes.openGate();
			await().until(() -> RefreshProbe.tracked(cache) == 0);
			assertThat(RefreshProbe.stored(cache, 5)).isEqualTo("manual");
			assertThat(cache.get(5, String.class)).isEqualTo("manual");
		});
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void anEvictDuringAReloadWins(Backend backend) {
		check(runner(backend), (context, quotes, cache) -> {
			startBlockedReload(quotes, 6);
			quotes.remove(6);
			quotes.openGate();
			await().until(() -> RefreshProbe.tracked(cache) == 0);
			assertThat(RefreshProbe.stored(cache, 6)).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void aReloadThatThrowsKeepsTheOldValue(Backend backend) {
		check(runner(backend), (context, quotes, cache) -> {
			assertThat(quotes.quote(7)).isEqualTo("quote-7-1");
			passRefreshAfter();
			quotes.failFromNowOn();
			assertThat(quotes.quote(7)).isEqualTo("quote-7-1");
			await().until(() -> ((ExtendedCache) cache).statistics().refreshFailures() == 1);
			assertThat(RefreshProbe.stored(cache, 7)).isEqualTo("quote-7-1");
			assertThat(cache.get(7, String.class)).isEqualTo("quote-7-1");
		});
	}

	/** Advice ordered inside the cache interceptor (as a transaction would be) runs on a reload too. */
	@ParameterizedTest
	@EnumSource(Backend.class)
	void aReloadRunsTheAdviceInsideTheCacheInterceptor(Backend backend) {
		check(runner(backend).withUserConfiguration(InnerAdviceConfiguration.class), (context, quotes, cache) -> {
			assertThat(quotes.advised(8)).isEqualTo("advised-8-1");
			passRefreshAfter();
			assertThat(quotes.advised(8)).isEqualTo("advised-8-1");
			await().until(() -> "advised-8-2".equals(RefreshProbe.stored(cache, 8)));
			await().until(() -> RefreshProbe.tracked(cache) == 0);
			assertThat(quotes.adviceSeenInBody()).as("the inner advice wrapped the call and the reload")
				.containsExactly(true, true);
		});
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void optionalMethodsAreReloadedUnwrapped(Backend backend) {
		check(runner(backend), (context, quotes, cache) -> {
			assertThat(quotes.maybe(9)).contains("maybe-9-1");
			passRefreshAfter();
			assertThat(quotes.maybe(9)).contains("maybe-9-1");
			await().until(() -> "maybe-9-2".equals(RefreshProbe.stored(cache, 9)));
			await().until(() -> RefreshProbe.tracked(cache) == 0);
		});
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void cachePutAndReactiveMethodsAreNotReinvoked(Backend backend) {
		check(runner(backend), (context, quotes, cache) -> {
			quotes.update(10, "manual");
			assertThat(quotes.reactive(11).block()).isEqualTo("mono-11-1");
			passRefreshAfter();
			assertThat(quotes.quote(10)).as("a hit on what @CachePut stored").isEqualTo("manual");
			assertThat(quotes.reactive(11).block()).isEqualTo("mono-11-1");
			assertThat(RefreshProbe.tracked(cache)).as("no reload started").isZero();
			assertThat(quotes.calls()).isOne();
		});
	}

	/** {@code unless} is not evaluated again: the reload's {@code null} removes the entry, as a loader's does. */
	@ParameterizedTest
	@EnumSource(Backend.class)
	void aReloadReturningNullRemovesTheEntryWhenNullsAreNotCached(Backend backend) {
		check(runner(backend).withPropertyValues("cache.backends.quotes.cache-null-values=false"),
				(context, quotes, cache) -> {
					assertThat(quotes.listed(13)).isEqualTo("listed-13");
					passRefreshAfter();
					quotes.delist();
					assertThat(quotes.listed(13)).as("the stale value, at once").isEqualTo("listed-13");
					await().until(() -> RefreshProbe.tracked(cache) == 0 && quotes.calls() == 2);
					assertThat(RefreshProbe.stored(cache, 13)).isNull();
					assertThat(quotes.listed(13)).isNull();
				});
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void autoRefreshReloadsPlainCacheableMethodsUntilTheKeyGoesIdle(Backend backend) {
		check(runner(backend).withPropertyValues("cache.backends.quotes.refresh-after=0",
				"cache.backends.quotes.auto-refresh=640ms", "cache.backends.quotes.auto-refresh-idle=2s"),
				(context, quotes, cache) -> {
					StoreCache<?, ?> store = ((AssembledCache) cache).storeCache();
					assertThat(quotes.quote(12)).isEqualTo("quote-12-1");
					// Reloaded in the background, with no read waiting for it.
					await().atMost(Duration.ofSeconds(10)).until(() -> quotes.calls() >= 3);
					assertThat(quotes.quote(12)).startsWith("quote-12-").isNotEqualTo("quote-12-1");
					await().atMost(Duration.ofSeconds(10)).until(() -> store.autoRefreshScheduled() == 0);
					int settled = quotes.calls();
					await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
						.until(() -> quotes.calls() == settled);
				});
	}

	private static void check(ApplicationContextRunner runner, QuotesCheck check) {
		runner.run((context) -> check.check(context, context.getBean(Quotes.class),
				context.getBean(CacheManager.class).getCache("quotes")));
	}

	@FunctionalInterface
	interface QuotesCheck {

		void check(AssertableApplicationContext context, Quotes quotes, Cache cache) throws Exception;

	}

	private static void startBlockedReload(Quotes quotes, int id) throws InterruptedException {
		assertThat(quotes.quote(id)).isEqualTo("quote-" + id + "-1");
		passRefreshAfter();
		quotes.closeGate();
		assertThat(quotes.quote(id)).isEqualTo("quote-" + id + "-1");
		await().untilAsserted(() -> assertThat(quotes.calls()).isEqualTo(2));
	}

	/**
	 * Lets {@code refresh-after} (1 ms) pass on the real clock the caches use: a few
	 * milliseconds, whatever the machine's load, so no test result depends on timing.
	 */
	private static void passRefreshAfter() throws InterruptedException {
		Thread.sleep(5);
	}

	private static List<@Nullable Object> readConcurrently(ThrowingRead read) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(READERS);
		try {
			List<Future<@Nullable Object>> results = new ArrayList<>();
			for (int i = 0; i < READERS; i++) {
				results.add(threads.submit(() -> {
					start.await();
					return read.read();
				}));
			}
			start.countDown();
			List<@Nullable Object> values = new ArrayList<>();
			for (Future<@Nullable Object> result : results) {
				values.add(result.get(10, TimeUnit.SECONDS));
			}
			return values;
		}
		finally {
			threads.shutdownNow();
		}
	}

	@FunctionalInterface
	interface ThrowingRead {

		@Nullable Object read() throws Exception;

	}

	@Configuration(proxyBeanMethods = false)
	static class QuoteConfiguration {

		@Bean
		Rates rates() {
			return new Rates();
		}

		@Bean
		Quotes quotes(Rates rates, CacheManager cacheManager) {
			return new Quotes(rates, cacheManager);
		}

	}

	/** Caching in front of a custom advisor, as {@code @EnableCaching(order = ...)} puts it before transactions. */
	@Configuration(proxyBeanMethods = false)
	@EnableCaching(order = 0)
	static class InnerAdviceConfiguration {

		static final ThreadLocal<Boolean> ADVISED = ThreadLocal.withInitial(() -> false);

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static DefaultPointcutAdvisor innerAdvisor() {
			MethodInterceptor advice = (invocation) -> {
				ADVISED.set(true);
				try {
					return invocation.proceed();
				}
				finally {
					ADVISED.set(false);
				}
			};
			DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
					new AnnotationMatchingPointcut(null, Advised.class, true), advice);
			advisor.setOrder(Ordered.LOWEST_PRECEDENCE);
			return advisor;
		}

	}

	@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
	@java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
	@interface Advised {

	}

	static class Rates {

		private final List<@Nullable Object> seenInBody = new CopyOnWriteArrayList<>();

		List<@Nullable Object> seenInBody() {
			return this.seenInBody;
		}

		@Cacheable("rates")
		public String rate(String currency) {
			this.seenInBody.add(Reinvocation.current());
			return currency + "-1";
		}

	}

	static class Quotes {

		private final AtomicInteger calls = new AtomicInteger();

		private final List<@Nullable Object> seenInBody = new CopyOnWriteArrayList<>();

		private final List<Boolean> adviceSeenInBody = new CopyOnWriteArrayList<>();

		private final Rates rates;

		private final CacheManager cacheManager;

		private volatile CountDownLatch gate = new CountDownLatch(0);

		private volatile boolean failing;

		private volatile boolean delisted;

		Quotes(Rates rates, CacheManager cacheManager) {
			this.rates = rates;
			this.cacheManager = cacheManager;
		}

		int calls() {
			return this.calls.get();
		}

		List<@Nullable Object> seenInBody() {
			return this.seenInBody;
		}

		List<Boolean> adviceSeenInBody() {
			return this.adviceSeenInBody;
		}

		void closeGate() {
			this.gate = new CountDownLatch(1);
		}

		void openGate() {
			this.gate.countDown();
		}

		void delist() {
			this.delisted = true;
		}

		void failFromNowOn() {
			this.failing = true;
		}

		@Cacheable("quotes")
		public String quote(int id) throws InterruptedException {
			int call = this.calls.incrementAndGet();
			passGate();
			if (this.failing) {
				throw new IllegalStateException("quote source down");
			}
			return "quote-" + id + "-" + call;
		}

		@Cacheable("quotes")
		public CompletableFuture<String> futureQuote(int id) {
			int call = this.calls.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> {
				try {
					passGate();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				return "future-" + id + "-" + call;
			});
		}

		/** Reads another refreshing cache directly, and through a nested {@code @Cacheable} method. */
		@Cacheable("quotes")
		public String converted(int id) {
			int call = this.calls.incrementAndGet();
			this.seenInBody.add(Reinvocation.current());
			Cache rates = this.cacheManager.getCache("rates");
			String usd = rates.get("usd", String.class);
			String value = "quote-" + id + " at " + usd + " and " + this.rates.rate("eur");
			return (call == 1) ? value : value + " (" + call + ")";
		}

		@Advised
		@Cacheable("quotes")
		public String advised(int id) {
			this.adviceSeenInBody.add(InnerAdviceConfiguration.ADVISED.get());
			return "advised-" + id + "-" + this.calls.incrementAndGet();
		}

		@Cacheable("quotes")
		public Optional<String> maybe(int id) {
			return Optional.of("maybe-" + id + "-" + this.calls.incrementAndGet());
		}

		@Cacheable("quotes")
		public Mono<String> reactive(int id) {
			int call = this.calls.incrementAndGet();
			return Mono.fromSupplier(() -> "mono-" + id + "-" + call);
		}

		@Cacheable(cacheNames = "quotes", unless = "#result == null")
		public @Nullable String listed(int id) {
			this.calls.incrementAndGet();
			return this.delisted ? null : "listed-" + id;
		}

		@CachePut(cacheNames = "quotes", key = "#p0")
		public String update(int id, String value) {
			return value;
		}

		@CacheEvict("quotes")
		public void remove(int id) {
		}

		private void passGate() throws InterruptedException {
			if (!this.gate.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("gate never opened");
			}
		}

	}

}
