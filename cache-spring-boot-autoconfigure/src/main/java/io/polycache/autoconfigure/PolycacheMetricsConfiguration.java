package io.polycache.autoconfigure;

import java.util.OptionalLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.core.ExtendedCache;

/**
 * Spring Boot's standard cache meters ({@code cache.gets}, {@code cache.puts},
 * {@code cache.evictions}, {@code cache.size}) for every Polycache cache, plus
 * {@code cache.expirations}, when Micrometer and Spring Boot's cache metrics are present.
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
			FunctionCounter.builder("cache.expirations", getCache(), cache -> cache.statistics().expirations())
				.tags(getTagsWithCacheName())
				.description("The number of expired entries reclaimed")
				.register(registry);
		}

	}

}
