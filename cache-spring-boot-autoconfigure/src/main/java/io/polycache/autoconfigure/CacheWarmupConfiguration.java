package io.polycache.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.core.CacheWarmer;

/**
 * Cache warm-up, when the application has a {@link CacheWarmer} bean: the
 * {@code polycacheWarmups} lifecycle bean that runs the warmers once the context has
 * started, with Micrometer the {@code cache.warmup} meters, and with Spring Boot's health
 * support the {@code cacheWarmup} health indicator
 * ({@code management.health.cache-warmup.enabled=false} switches it off).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(CacheWarmer.class)
class CacheWarmupConfiguration {

	@Bean
	CacheWarmups polycacheWarmups(PolycacheCaches caches, PolycacheProperties properties,
			ObjectProvider<CacheWarmer> warmers, ObjectProvider<WarmupListener> listeners) {
		return new CacheWarmups(caches, warmers, listeners, properties.isEnabled());
	}

	/** The meters, when Micrometer is present; recorded only if a {@code MeterRegistry} bean exists. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class WarmupMetricsConfiguration {

		@Bean
		WarmupMeters polycacheWarmupMeters(ObjectProvider<MeterRegistry> registry) {
			return new WarmupMeters(registry);
		}

	}

	/** The health indicator, when Spring Boot's health support is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
	static class WarmupHealthConfiguration {

		// On the method, not the class: its condition class exists only with spring-boot-health.
		@Bean
		@ConditionalOnEnabledHealthIndicator("cache-warmup")
		@ConditionalOnMissingBean(name = "cacheWarmupHealthContributor")
		CacheWarmupHealthIndicator cacheWarmupHealthContributor(CacheWarmups warmups) {
			return new CacheWarmupHealthIndicator(warmups);
		}

	}

}
