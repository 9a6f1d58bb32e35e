package io.polycache.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import io.polycache.spi.PolycacheConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user sees when the configuration is wrong: a real application start-up, whose
 * failure report must name the property and say how to fix it.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalysisTests {

	@Test
	void unknownEvictionPolicyNamesThePropertyAndListsThePolicies(CapturedOutput output) {
		startFails("--cache.backends.x.eviction=lruu");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("cache.backends.x.eviction")
			.contains("lruu")
			.contains("The following values are valid")
			.contains("FIFO", "LIFO", "LRU", "MRU", "LFU", "RANDOM");
	}

	@Test
	void unknownTypeNamesThePropertyAndListsTheTypes(CapturedOutput output) {
		startFails("--cache.backends.x.type=memory");
		assertThat(output).contains("cache.backends.x.type")
			.contains("no backend has that type")
			.contains("local-memory", "file-system", "none")
			.contains("declare a BackendProvider bean whose type() is 'memory'");
	}

	@Test
	void negativeTtlIsExplained(CapturedOutput output) {
		startFails("--cache.backends.products.ttl=-5s");
		assertThat(output).contains("Polycache cannot start with this configuration")
			.contains("Property: cache.backends.products.ttl")
			.contains("Value: \"PT-5S\"")
			.contains("a TTL must not be negative")
			.contains("Set a positive duration such as 10m, or 0 for entries that never expire.");
	}

	@Test
	void analyzerDescribesPropertyValueReasonAndAction() {
		PolycacheConfigurationException failure = new PolycacheConfigurationException("cache.backends.a.max-entries",
				-3L, "a size bound must not be negative", "Set a positive number of entries.");
		FailureAnalysis analysis = new PolycacheConfigurationFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", failure));
		assertThat(analysis.getDescription()).contains("Property: cache.backends.a.max-entries")
			.contains("Value: \"-3\"")
			.contains("Reason: a size bound must not be negative");
		assertThat(analysis.getAction()).isEqualTo("Set a positive number of entries.");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	private static void startFails(String... args) {
		SpringApplication application = new SpringApplication(EmptyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run(args));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EmptyApplication {

	}

}
