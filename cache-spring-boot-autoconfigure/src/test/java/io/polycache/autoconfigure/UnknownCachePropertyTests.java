package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.polycache.internal.StoreCache;
import io.polycache.spi.PolycacheConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A property under {@code cache.defaults} or {@code cache.backends.<name>} that nothing
 * binds stops start-up, naming it and the known property it was likely meant to be; any
 * name Spring Boot binds, in any relaxed form, does not.
 */
class UnknownCachePropertyTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class));

	@Test
	void misspelledEvictionSuggestsEviction() {
		PolycacheConfigurationException failure = startupFailure("cache.backends.products.evicton=lfu");
		assertThat(failure.getProperty()).isEqualTo("cache.backends.products.evicton");
		assertThat(failure.getValue()).isEqualTo("lfu");
		assertThat(failure.getReason()).contains("a cache has no property 'evicton'")
			.endsWith("did you mean eviction?");
		assertThat(failure.getAction()).isEqualTo("Rename it to cache.backends.products.eviction, or remove it.");
	}

	@Test
	void propertyWithWordsAddedNamesTheClosestKnownOne() {
		PolycacheConfigurationException failure = startupFailure("cache.backends.products.ttl-typo=5s");
		assertThat(failure.getProperty()).isEqualTo("cache.backends.products.ttl-typo");
		assertThat(failure.getReason()).contains("'ttl-typo'").contains("did you mean ttl?");
		assertThat(failure.getAction()).contains("cache.backends.products.ttl");
	}

	@Test
	void misspelledDefaultIsAFailureToo() {
		PolycacheConfigurationException failure = startupFailure("cache.defaults.max-entires=5",
				"cache.backends.products.type=local-memory");
		assertThat(failure.getProperty()).isEqualTo("cache.defaults.max-entires");
		assertThat(failure.getReason()).contains("cache.defaults has no property").contains("did you mean max-entries?");
	}

	@Test
	void nameFarFromEveryKnownOneListsTheKnownOnes() {
		PolycacheConfigurationException failure = startupFailure("cache.backends.products.colour=blue");
		assertThat(failure.getReason()).doesNotContain("did you mean");
		assertThat(failure.getAction()).startsWith("Remove it, or use one of:")
			.contains("ttl", "max-entries", "eviction", "type", "refresh-after", "store-by-value", "file-system",
					"memcached");
	}

	@Test
	void perCacheSettingInTheDefaultsSaysWhereItBelongs() {
		PolycacheConfigurationException failure = startupFailure("cache.defaults.refresh-after=1m");
		assertThat(failure.getReason()).contains("can be set only for a named cache");
		assertThat(failure.getAction()).contains("cache.backends.<name>.refresh-after");
	}

	@Test
	void everyUnknownPropertyIsMentioned() {
		PolycacheConfigurationException failure = startupFailure("cache.backends.a.evicton=lfu",
				"cache.backends.b.tll=1m");
		assertThat(failure.getProperty()).isEqualTo("cache.backends.a.evicton");
		assertThat(failure.getReason()).contains("Also unknown: cache.backends.b.tll");
	}

	@ParameterizedTest
	@ValueSource(strings = { "max-entries", "maxEntries", "max_entries", "MAX_ENTRIES", "maxentries" })
	void relaxedFormsOfAKnownNameBindAndPass(String written) {
		this.runner.withPropertyValues("cache.backends.products." + written + "=7").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(maxEntries(context.getBean(CacheManager.class), "products")).isEqualTo(7);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "CACHE_BACKENDS_PRODUCTS_MAX_ENTRIES", "CACHE_BACKENDS_PRODUCTS_MAXENTRIES" })
	void environmentVariablesBindAndPass(String variable) {
		this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of(variable, "7", "CACHE_BACKENDS_THUMBS_TYPE", "file-system",
							"CACHE_BACKENDS_THUMBS_FILE_SYSTEM_DIRECTORY", this.directory.toString(),
							"CACHE_BACKENDS_THUMBS_FILE_SYSTEM_FSYNC", "false", "CACHE_DEFAULTS_CACHE_NULL_VALUES",
							"false"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(maxEntries(context.getBean(CacheManager.class), "products")).isEqualTo(7);
			});
	}

	@Test
	void misspelledEnvironmentVariableIsAFailure() {
		this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("CACHE_BACKENDS_PRODUCTS_EVICTON", "lfu"))))
			.run((context) -> {
				PolycacheConfigurationException failure = catchThrowableOfType(PolycacheConfigurationException.class,
						() -> rethrow(context.getStartupFailure()));
				assertThat(failure.getProperty()).isEqualTo("cache.backends.products.evicton");
				assertThat(failure.getReason()).contains("did you mean eviction?");
			});
	}

	@Test
	void restOfTheCacheNamespaceBelongsToTheApplication() {
		this.runner
			.withPropertyValues("cache.backends.products.type=local-memory", "cache.my-app.colour=blue",
					"cache.defaults-extra.x=1", "cache.serialization.allowed-packages=com.example.shared")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void propertiesOfABackendGroupAreLeftToTheGroup() {
		UnknownCachePropertyCheck check = new UnknownCachePropertyCheck(Set.of("file-system", "far"));
		assertThatNoException().isThrownBy(() -> check.check(sources("cache.backends.a.far.max-entries", "5",
				"cache.backends.a.file-system.anything", "x", "cache.backends.a.ttl", "1m")));
		assertThat(catchThrowableOfType(PolycacheConfigurationException.class,
				() -> new UnknownCachePropertyCheck(Set.of("file-system"))
					.check(sources("cache.backends.a.far.max-entries", "5"))))
			.extracting(PolycacheConfigurationException::getProperty)
			.isEqualTo("cache.backends.a.far.max-entries");
	}

	@Test
	void propertySetInSeveralSourcesIsReportedOnce() {
		Map<String, String> both = Map.of("cache.backends.a.evicton", "lfu");
		PolycacheConfigurationException failure = catchThrowableOfType(PolycacheConfigurationException.class,
				() -> new UnknownCachePropertyCheck(Set.of()).check(List.of(new MapConfigurationPropertySource(both),
						new MapConfigurationPropertySource(both))));
		assertThat(failure.getReason()).doesNotContain("Also unknown");
	}

	@Test
	void misspelledGroupSuggestsTheGroup() {
		PolycacheConfigurationException failure = catchThrowableOfType(PolycacheConfigurationException.class,
				() -> new UnknownCachePropertyCheck(UnknownCachePropertyCheck.backendGroups(List.of()))
					.check(sources("cache.backends.a.file-sytem.directory", "/tmp")));
		assertThat(failure.getReason()).contains("did you mean file-system?");
	}

	@Test
	void backendGroupsAreThoseBackendDeclares() {
		assertThat(UnknownCachePropertyCheck.backendGroups(List.of())).containsExactlyInAnyOrder("file-system", "memcached");
	}

	@Test
	void failureAnalysisNamesThePropertyAndTheFix() {
		PolycacheConfigurationException failure = startupFailure("cache.backends.products.evicton=lfu");
		FailureAnalysis analysis = new PolycacheConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("Property: cache.backends.products.evicton")
			.contains("Value: \"lfu\"")
			.contains("Reason: a cache has no property 'evicton'")
			.contains("did you mean eviction?");
		assertThat(analysis.getAction()).isEqualTo("Rename it to cache.backends.products.eviction, or remove it.");
	}

	private PolycacheConfigurationException startupFailure(String... properties) {
		PolycacheConfigurationException[] failure = new PolycacheConfigurationException[1];
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			failure[0] = catchThrowableOfType(PolycacheConfigurationException.class,
					() -> rethrow(context.getStartupFailure()));
		});
		assertThat(failure[0]).as("a PolycacheConfigurationException at start-up").isNotNull();
		return failure[0];
	}

	/** Throws the PolycacheConfigurationException among the causes, if any. */
	private static void rethrow(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof PolycacheConfigurationException configuration) {
				throw configuration;
			}
		}
	}

	private static long maxEntries(CacheManager manager, String name) {
		return ((StoreCache) manager.getCache(name)).settings().maxEntries();
	}

	private static Iterable<ConfigurationPropertySource> sources(String... keysAndValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return Set.of(new MapConfigurationPropertySource(map));
	}

}
