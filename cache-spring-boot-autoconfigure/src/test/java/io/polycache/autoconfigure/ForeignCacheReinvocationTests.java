package io.polycache.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.internal.Reinvocation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code CompletableFuture} method whose operation names a cache of another kind before
 * a Polycache cache: when that cache answers its lookup later, on another thread, Spring's
 * interceptor runs the method there, after it has returned to the caller.
 */
class ForeignCacheReinvocationTests {

	@Test
	void aMethodRunAfterTheInterceptorReturnedNeverHandsItsReinvocationToTheCaller() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withUserConfiguration(ForeignCacheConfiguration.class)
			.withPropertyValues("cache.backends.quotes.ttl=10m", "cache.backends.quotes.refresh-after=1m")
			.run((context) -> {
				SlowCache slow = context.getBean(SlowCache.class);
				Quotes quotes = context.getBean(Quotes.class);
				CompletableFuture<String> returned = quotes.quote(1);
				List<@Nullable Object> callerSaw = new ArrayList<>();
				CompletableFuture<String> seen = returned.whenComplete((value, failure) -> callerSaw
					.add(Reinvocation.current()));
				// The other cache answers "not there" now: the interceptor runs the method on this thread.
				slow.lookup.complete(null);
				CompletableFuture<String> result = quotes.result();
				assertThat(result).as("the method ran").isNotNull();
				result.complete("q-1");
				assertThat(seen.join()).isEqualTo("q-1");
				assertThat(callerSaw).hasSize(1);
				assertThat(callerSaw.get(0)).as("the caller's callback runs with no re-invocation").isNull();
				assertThat(Reinvocation.current()).isNull();
			});
	}

	/** A cache whose lookups answer when the test says. */
	static class SlowCache extends ConcurrentMapCache {

		final CompletableFuture<@Nullable Object> lookup = new CompletableFuture<>();

		SlowCache() {
			super("slow");
		}

		@Override
		public CompletableFuture<?> retrieve(Object key) {
			return this.lookup;
		}

	}

	static class Quotes {

		private volatile @Nullable CompletableFuture<String> result;

		/** What the method last returned (a method: the bean is a proxy, its fields are not the target's). */
		public @Nullable CompletableFuture<String> result() {
			return this.result;
		}

		@Cacheable(cacheNames = { "slow", "quotes" })
		public CompletableFuture<String> quote(int id) {
			CompletableFuture<String> result = new CompletableFuture<>();
			this.result = result;
			return result;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ForeignCacheConfiguration {

		@Bean
		SlowCache slowCache() {
			return new SlowCache();
		}

		@Bean
		Quotes quotes() {
			return new Quotes();
		}

		/** The slow cache first, then Polycache's. */
		@Bean
		CachingConfigurer cachingConfigurer(SlowCache slow, CacheManager cacheManager) {
			CacheResolver resolver = (invocation) -> {
				List<Cache> caches = new ArrayList<>();
				caches.add(slow);
				caches.add(cacheManager.getCache("quotes"));
				return caches;
			};
			return new CachingConfigurer() {

				@Override
				public CacheResolver cacheResolver() {
					return resolver;
				}

			};
		}

	}

}
