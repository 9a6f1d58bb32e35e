package io.polycache.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

import io.polycache.spi.PolycacheConfigurationException;

/**
 * The {@code cache.serialization.*} settings in a real context: which of the
 * application's packages join the class allow-list, and the read limits.
 */
@ExtendWith(OutputCaptureExtension.class)
class SerializationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
		.withPropertyValues("cache.backends.quotes.store-by-value=true");

	@Test
	void applicationPackageJoinsTheAllowList() {
		inPackage("com.example.shop").run(context -> assertThat(allowed(context.getBean(PolycacheCaches.class)))
			.contains("com.example.shop"));
	}

	@Test
	void shallowApplicationPackageIsLeftOutWithAWarning(CapturedOutput output) {
		inPackage("com").run(context -> {
			assertThat(allowed(context.getBean(PolycacheCaches.class))).doesNotContain("com");
			assertThat(context.getBean(PolycacheCaches.class).allowList().isAllowed("com.sun.rowset.JdbcRowSetImpl"))
				.isFalse();
		});
		assertThat(output).contains("The application's package 'com' has a single segment")
			.contains("cache.serialization.allowed-packages");
	}

	@Test
	void defaultPackageApplicationIsWarned(CapturedOutput output) {
		inPackage("").run(context -> assertThat(allowed(context.getBean(PolycacheCaches.class))).isEmpty());
		assertThat(output).contains("The application is in the default package");
	}

	@Test
	void shallowAllowedPackageStopsStartUp() {
		this.runner.withPropertyValues("cache.serialization.allowed-packages=org")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.serialization.allowed-packages"));
	}

	@Test
	void limitsThatAreNotPositiveStopStartUp() {
		for (String setting : List.of("max-bytes=0B", "max-depth=0", "max-references=-1", "max-array-length=0",
				"max-expanded-objects=0", "max-read-time=0s")) {
			String property = "cache.serialization." + setting.substring(0, setting.indexOf('='));
			this.runner.withPropertyValues("cache.serialization." + setting)
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(PolycacheConfigurationException.class)
					.hasMessageContaining(property));
		}
	}

	@Test
	void maxBytesAppliesToEveryValue() {
		this.runner.withPropertyValues("cache.serialization.max-bytes=64B").run(context -> {
			Cache quotes = context.getBean(CacheManager.class).getCache("quotes");
			quotes.put("short", "x".repeat(10));
			quotes.put("long", "x".repeat(100));
			assertThat(quotes.get("short", String.class)).isEqualTo("x".repeat(10));
			assertThat(quotes.get("long")).as("too long to cache").isNull();
		});
	}

	private ApplicationContextRunner inPackage(String name) {
		return this.runner.withInitializer(
				(context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context.getBeanFactory(), name));
	}

	private static List<String> allowed(PolycacheCaches caches) {
		return caches.allowList().packages();
	}

}
