package io.polycache.autoconfigure;

import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.core.CacheStatistics;
import io.polycache.core.ExtendedCache;
import io.polycache.core.NearStatistics;
import io.polycache.core.RemovalCause;
import io.polycache.internal.AssembledCache;

/**
 * Spring Boot's standard cache meters ({@code cache.gets}, {@code cache.puts},
 * {@code cache.evictions}, {@code cache.size}) for every Polycache cache, plus
 * {@code cache.expirations}, {@code cache.load} and {@code cache.refresh} (each by
 * {@code result}), and for a cache with a near tier {@code cache.near.gets} (by
 * {@code result}), {@code cache.near.invalidations}, {@code cache.near.evictions},
 * {@code cache.near.size} and {@code cache.near.serving}, {@code cache.removals} (by
 * {@code cause}: explicit, replaced, expired, evicted, cleared; the evicted and expired
 * counts are {@code cache.evictions} and {@code cache.expirations}), for a cache with
 * {@code single-flight: cluster} {@code cache.single-flight.waits}, and for one with
 * {@code auto-refresh} {@code cache.auto-refresh.keys}, when Micrometer and Spring Boot's
 * cache metrics are present.
 * Spring Boot binds each cache of each autowirable {@code CacheManager}; the per-cache
 * managers are not autowirable, so each cache is bound once, tagged
 * {@code cache.manager=cacheManager}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ MeterBinder.class, CacheMeterBinderProvider.class })
class PolycacheMetricsConfiguration {

	@Bean
	CacheMeterBinderProvider<ExtendedCache> polycacheCacheMeterBinderProvider() {
		return ExtendedCacheMeterBinder::new;
	}


	/** Reads a cache's meters from its {@link ExtendedCache#statistics()} snapshot. */
	static final class ExtendedCacheMeterBinder extends CacheMeterBinder<ExtendedCache> {

		ExtendedCacheMeterBinder(ExtendedCache cache, Iterable<Tag> tags) {
			super(cache, cache.getName(), tags);
		}

		@Override
		protected Long size() {
			OptionalLong size = getCache().size();
			return size.isPresent() ? size.getAsLong() : null;
		}

		@Override
		protected long hitCount() {
			return getCache().statistics().hits();
		}

		@Override
		protected Long missCount() {
			return getCache().statistics().misses();
		}

		@Override
		protected Long evictionCount() {
			return getCache().statistics().evictions();
		}

		@Override
		protected long putCount() {
			return getCache().statistics().puts();
		}

		@Override
		protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
			counter(registry, "cache.expirations", null, "The number of expired entries reclaimed",
					CacheStatistics::expirations);
			counter(registry, "cache.load", "success", "The number of loads on a miss that returned a value",
					CacheStatistics::loadSuccesses);
			counter(registry, "cache.load", "failure", "The number of loads on a miss that threw",
					CacheStatistics::loadFailures);
			counter(registry, "cache.refresh", "success", "The number of background reloads that replaced a value",
					CacheStatistics::refreshes);
			counter(registry, "cache.refresh", "failure", "The number of background reloads that failed",
					CacheStatistics::refreshFailures);
			if (getCache().nearStatistics().isPresent()) {
				bindNearTierMetrics(registry);
			}
			if (getCache() instanceof AssembledCache assembled) {
				bindLoadingMetrics(registry, assembled);
				bindRemovalMetrics(registry, assembled);
			}
		}

		/** {@code single-flight: cluster} and {@code auto-refresh}, for the caches that have them. */
		private void bindLoadingMetrics(MeterRegistry registry, AssembledCache cache) {
			if (cache.settings().clusterSingleFlight()) {
				FunctionCounter.builder("cache.single-flight.waits", cache, (c) -> c.storeCache().clusterWaits())
					.tags(getTagsWithCacheName())
					.description("The number of loads this instance did not run because it waited for another "
							+ "instance's load of the same key (single-flight: cluster)")
					.register(registry);
			}
			if (cache.settings().autoRefreshes()) {
				Gauge.builder("cache.auto-refresh.keys", cache, (c) -> c.storeCache().autoRefreshScheduled())
					.tags(getTagsWithCacheName())
					.description("The number of keys auto-refresh reloads on schedule")
					.register(registry);
			}
		}

		/**
		 * {@code cache.removals} by cause, whether or not a listener hears the cache, and
		 * for a cache a listener hears, {@code cache.removals.dropped}.
		 */
		private void bindRemovalMetrics(MeterRegistry registry, AssembledCache cache) {
			if (cache.storeCache().hasRemovalListener()) {
				FunctionCounter.builder("cache.removals.dropped", cache, (c) -> c.storeCache().removalsDropped())
					.tags(getTagsWithCacheName())
					.description("The number of removals the listeners did not hear because their queue was full")
					.register(registry);
			}
			for (RemovalCause cause : RemovalCause.values()) {
				FunctionCounter.builder("cache.removals", cache, (c) -> c.storeCache().removals(cause))
					.tags(getTagsWithCacheName())
					.tag("cause", cause.tag())
					.description("The number of entries that left the cache, by cause")
					.register(registry);
			}
		}

		/** The near tier's own meters; {@code cache.gets} counts its hits with the store's. */
		private void bindNearTierMetrics(MeterRegistry registry) {
			nearCounter(registry, "cache.near.gets", "hit", "The number of reads a near copy answered",
					NearStatistics::hits);
			nearCounter(registry, "cache.near.gets", "miss", "The number of reads that went to the shared store",
					NearStatistics::misses);
			nearCounter(registry, "cache.near.invalidations", null,
					"The number of invalidations the near tier received or made: of one key (whether or not it held a"
							+ " copy) or of the whole tier, which counts once",
					NearStatistics::invalidations);
			nearCounter(registry, "cache.near.evictions", null, "The number of near copies evicted by near.max-entries",
					NearStatistics::evictions);
			Gauge.builder("cache.near.size", getCache(), (cache) -> near(cache).size())
				.tags(getTagsWithCacheName())
				.description("The number of near copies held")
				.register(registry);
			Gauge.builder("cache.near.serving", getCache(), (cache) -> near(cache).serving() ? 1 : 0)
				.tags(getTagsWithCacheName())
				.description("1 while the near tier answers reads, 0 while its invalidation channel is down")
				.register(registry);
		}

		private void nearCounter(MeterRegistry registry, String name, @Nullable String result, String description,
				ToDoubleFunction<NearStatistics> count) {
			FunctionCounter.Builder<ExtendedCache> builder = FunctionCounter
				.builder(name, getCache(), (cache) -> count.applyAsDouble(near(cache)))
				.tags(getTagsWithCacheName())
				.description(description);
			if (result != null) {
				builder.tag("result", result);
			}
			builder.register(registry);
		}

		private static NearStatistics near(ExtendedCache cache) {
			return cache.nearStatistics().orElseThrow();
		}

		private void counter(MeterRegistry registry, String name, @Nullable String result, String description,
				ToDoubleFunction<CacheStatistics> count) {
			FunctionCounter.Builder<ExtendedCache> builder = FunctionCounter
				.builder(name, getCache(), (cache) -> count.applyAsDouble(cache.statistics()))
				.tags(getTagsWithCacheName())
				.description(description);
			if (result != null) {
				builder.tag("result", result);
			}
			builder.register(registry);
		}

	}

}
