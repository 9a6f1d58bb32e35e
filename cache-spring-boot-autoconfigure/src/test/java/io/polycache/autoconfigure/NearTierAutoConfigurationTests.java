package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.ExtendedCache;
import io.polycache.core.NearSettings;
import io.polycache.spi.PolycacheConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code cache.backends.<name>.near.*} as an application writes it: the near tier in front
 * of a shared store, its checks at start-up, its log line, its meters, and the actuator
 * listing the cache once.
 */
@ExtendWith(OutputCaptureExtension.class)
class NearTierAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.products.type=file-system",
					"cache.backends.products.file-system.directory=" + this.directory,
					"cache.backends.products.ttl=10m", "cache.backends.products.near.max-entries=500",
					"cache.backends.products.near.eviction=lfu");
	}

	@Test
	void aNearTierServesRepeatedReadsAndIsLoggedAtStartUp(CapturedOutput output) {
		runner().run((context) -> {
			ExtendedCache products = products(context.getBean(CacheManager.class));
			assertThat(products.settings().near()).isEqualTo(new NearSettings(500, Duration.ofMinutes(10),
					EvictionPolicy.LFU));
			products.put("k", "v");
			for (int i = 0; i < 5; i++) {
				assertThat(products.get("k", String.class)).isEqualTo("v");
			}
			assertThat(products.nearStatistics()).hasValueSatisfying((near) -> {
				assertThat(near.hits()).isEqualTo(4);
				assertThat(near.misses()).isEqualTo(1);
			});
			assertThat(products.statistics().hits()).isEqualTo(5);
		});
		assertThat(output).contains("Cache 'products' has a near tier of up to 500 entries (lfu)");
	}

	@Test
	void nearTtlDefaultsToTheCachesAndCanBeSetApart() {
		runner().withPropertyValues("cache.backends.products.near.ttl=30s")
			.run((context) -> assertThat(products(context.getBean(CacheManager.class)).settings().near().ttl())
				.isEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void withoutMaxEntriesThereIsNoNearTier() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.products.type=file-system",
					"cache.backends.products.file-system.directory=" + this.directory)
			.run((context) -> {
				ExtendedCache products = products(context.getBean(CacheManager.class));
				assertThat(products.settings().near().enabled()).isFalse();
				assertThat(products.nearStatistics()).isEmpty();
			});
	}

	@Test
	void nearMetersAreBoundAndTheEndpointListsTheCacheOnce() {
		runner()
			.withConfiguration(
					AutoConfigurations.of(CacheMetricsAutoConfiguration.class, CachesEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=caches")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				ExtendedCache products = products(context.getBean(CacheManager.class));
				products.put("k", "v");
				products.get("k");
				products.get("k");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("cache.near.gets").tag("cache", "products").tag("result", "hit")
					.functionCounter().count()).isEqualTo(1);
				assertThat(registry.get("cache.near.gets").tag("cache", "products").tag("result", "miss")
					.functionCounter().count()).isEqualTo(1);
				assertThat(registry.get("cache.gets").tag("cache", "products").tag("result", "hit")
					.functionCounter().count()).isEqualTo(2);
				assertThat(registry.get("cache.near.size").tag("cache", "products").gauge().value()).isEqualTo(1);
				assertThat(registry.get("cache.near.serving").tag("cache", "products").gauge().value()).isEqualTo(1);
				// The put's; connecting to the file system's invalidation channel changed no entry.
				assertThat(registry.get("cache.near.invalidations").tag("cache", "products").functionCounter()
					.count()).isEqualTo(1);
				CachesEndpoint endpoint = context.getBean(CachesEndpoint.class);
				assertThat(endpoint.caches().getCacheManagers().get("cacheManager").getCaches())
					.containsOnlyKeys("products");
			});
	}

	@Test
	void aNearTierOnLocalMemoryStopsStartUp() {
		PolycacheConfigurationException failure = startupFailure(new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.sessions.near.max-entries=100"));
		assertThat(failure.getProperty()).isEqualTo("cache.backends.sessions.near.max-entries");
		assertThat(failure.getReason()).contains("local-memory is not one");
	}

	@Test
	void aNegativeBoundStopsStartUp() {
		PolycacheConfigurationException failure = startupFailure(
				runner().withPropertyValues("cache.backends.products.near.max-entries=-1"));
		assertThat(failure.getProperty()).isEqualTo("cache.backends.products.near.max-entries");
	}

	@Test
	void aMisspelledNearPropertyIsNamed() {
		PolycacheConfigurationException failure = startupFailure(
				runner().withPropertyValues("cache.backends.products.near.max-entires=100"));
		assertThat(failure.getProperty()).isEqualTo("cache.backends.products.near.max-entires");
		assertThat(failure.getReason()).contains("did you mean near.max-entries?");
	}

	@Test
	void aStoreThatCannotReportChangesNeedsANearTtl() {
		PolycacheConfigurationException failure = startupFailure(new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.sessions.type=memcached", "cache.memcached.servers=127.0.0.1:1",
					"cache.backends.sessions.near.max-entries=100"));
		assertThat(failure.getProperty()).isEqualTo("cache.backends.sessions.near.ttl");
		assertThat(failure.getReason()).contains("memcached cannot tell other instances");
	}

	private static ExtendedCache products(CacheManager cacheManager) {
		return (ExtendedCache) cacheManager.getCache("products");
	}

	private static PolycacheConfigurationException startupFailure(ApplicationContextRunner runner) {
		PolycacheConfigurationException[] found = new PolycacheConfigurationException[1];
		runner.run((context) -> found[0] = catchThrowableOfType(PolycacheConfigurationException.class, () -> {
			for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
				if (cause instanceof PolycacheConfigurationException configuration) {
					throw configuration;
				}
			}
		}));
		assertThat(found[0]).as("a start-up failure").isNotNull();
		return found[0];
	}

}
