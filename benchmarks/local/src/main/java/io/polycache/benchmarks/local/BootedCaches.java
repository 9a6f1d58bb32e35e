package io.polycache.benchmarks.local;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import io.polycache.core.EvictionPolicy;

/**
 * A Polycache cache as an application gets it: a Spring Boot application with no code of
 * its own, booted with properties only ({@code cache.backends.bench.type=local-memory},
 * {@code max-entries}, {@code eviction}, {@code ttl}), the cache taken from its
 * {@link CacheManager}. Everything the auto-configuration adds around the store is there:
 * the expiry sweeper's thread, statistics, the {@code StoreCache} facade as it assembles
 * it. Each call closes the application the previous call booted (JMH runs one trial per
 * workload, each with a fresh cache); not thread-safe beyond that, called from JMH's setup.
 */
final class BootedCaches {

	private static final String NAME = "bench";

	private static @Nullable ConfigurableApplicationContext previous;

	private BootedCaches() {
	}

	/** The {@code local-memory} cache of {@code policy}, bounded to {@code maximumSize}, entries living {@code ttl}. */
	static synchronized Cache create(EvictionPolicy policy, int maximumSize, Duration ttl) {
		if (previous != null) {
			previous.close();
			previous = null;
		}
		String prefix = "cache.backends." + NAME + ".";
		SpringApplication application = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(prefix + "type=local-memory", prefix + "max-entries=" + maximumSize,
					prefix + "eviction=" + policy.name().toLowerCase(Locale.ROOT), prefix + "ttl=" + ttl.toMillis() + "ms",
					"spring.main.banner-mode=off", "logging.level.root=warn")
			.build();
		ConfigurableApplicationContext context = application.run();
		previous = context;
		Cache cache = context.getBean(CacheManager.class).getCache(NAME);
		if (cache == null) {
			throw new IllegalStateException("The booted application has no cache '" + NAME + "'");
		}
		return cache;
	}

	/** The application: nothing but auto-configuration. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
