package io.polycache.autoconfigure;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

import io.polycache.core.ExtendedCache;

import static org.assertj.core.api.Assertions.assertThat;

/** Cluster-wide loading between two instances on one directory, as two processes on one machine. */
class FileSystemClusterLoadingTests extends AbstractClusterLoadingTests {

	@TempDir
	Path directory;

	@Override
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.products.type=file-system",
					"cache.backends.products.file-system.directory=" + this.directory)
			.withPropertyValues(clusterProperties());
	}

	@Test
	void waitsAndScheduledKeysAreMetered() {
		runner().withConfiguration(AutoConfigurations.of(CacheMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("cache.backends.products.auto-refresh=1m")
			.run((context) -> {
				ExtendedCache products = (ExtendedCache) context.getBean(CacheManager.class).getCache("products");
				products.get("sku-1", () -> "price-1");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("cache.auto-refresh.keys").tag("cache", "products").gauge().value())
					.isEqualTo(1);
				assertThat(registry.get("cache.single-flight.waits").tag("cache", "products").functionCounter().count())
					.isZero();
			});
	}

}
