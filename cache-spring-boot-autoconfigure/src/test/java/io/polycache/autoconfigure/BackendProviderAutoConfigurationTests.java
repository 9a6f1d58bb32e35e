package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.polycache.internal.FailOpenStore;
import io.polycache.internal.StoreCache;
import io.polycache.none.NoneStore;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.spi.StoreContext;
import io.polycache.testfixtures.MapProvider;

import static org.assertj.core.api.Assertions.assertThat;

/** A backend the application writes is one provider bean, found and used like the built-in ones. */
class BackendProviderAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class));

	@Test
	void applicationProviderServesTheTypeItNames() {
		this.runner.withUserConfiguration(MapBackend.class).withPropertyValues("cache.backends.sessions.type=map")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StoreCache<?, ?> sessions = (StoreCache<?, ?>) context.getBean(CacheManager.class).getCache("sessions");
				sessions.put("k", "v");
				assertThat(sessions.get("k", String.class)).isEqualTo("v");
				assertThat(sessions.getNativeCache()).as("fail-open by its traits").isInstanceOf(FailOpenStore.class);
				assertThat(context).hasBean("sessionsCacheManager");
			});
	}

	@TempDir
	Path directory;

	@Test
	void typesAreMatchedAsTheEnumWas() {
		this.runner
			.withPropertyValues("cache.backends.a.type=LOCAL_MEMORY", "cache.backends.b.type=Local-Memory",
					"cache.backends.c.type=localMemory", "cache.backends.d.type=file system",
					"cache.backends.d.file-system.directory=" + this.directory)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(((StoreCache<?, ?>) context.getBean(CacheManager.class).getCache("a")).getNativeCache())
					.hasToString("local-memory");
			});
	}

	@Test
	void twoProvidersOfOneTypeStopStartup() {
		this.runner.withUserConfiguration(MapBackend.class, AnotherMapBackend.class)
			.withPropertyValues("cache.backends.sessions.type=map")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("already serves 'map'"));
	}

	@Test
	void unknownTypeStopsStartupEvenWithCachingOff() {
		this.runner.withPropertyValues("cache.enabled=false", "cache.backends.a.type=redsi")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("no backend has that type"));
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("cache.enabled=false", "cache.backends.a.type=redis")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void placeholdersInABackendsGroupAreResolved() {
		this.runner
			.withPropertyValues("app.cache-root=" + this.directory, "cache.backends.thumbs.type=file-system",
					"cache.backends.thumbs.file-system.directory=${app.cache-root}/resolved")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.directory.resolve("resolved").resolve("thumbs")).isDirectory();
			});
	}

	@Test
	void aCacheNameWithCapitalsKeepsItsGroup() {
		this.runner
			.withPropertyValues("cache.backends.Thumbs.type=file-system",
					"cache.backends.Thumbs.file-system.directory=" + this.directory.resolve("capital"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.directory.resolve("capital")).isDirectory();
			});
		this.runner
			.withPropertyValues("cache.backends.Thumbs.type=file-system",
					"cache.backends.Thumbs.file-system.directry=" + this.directory)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cache.backends.Thumbs.file-system.directry")
				.hasMessageContaining("did you mean directory?"));
	}

	@Test
	void aGroupSetInEnvironmentVariablesIsBound() {
		this.runner.withPropertyValues("cache.backends.thumbs.type=file-system")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("CACHE_BACKENDS_THUMBS_FILESYSTEM_DIRECTORY", this.directory.resolve("env").toString()))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.directory.resolve("env").resolve("thumbs")).isDirectory();
			});
	}

	@Test
	void aCacheOfABuiltInTypeWithoutItsLibraryKeepsItsGroupWhileCachingIsOff() {
		this.runner.withClassLoader(new FilteredClassLoader("net.rubyeye.xmemcached"))
			.withPropertyValues("cache.enabled=false", "cache.backends.quotes.type=MEMCACHED",
					"cache.backends.quotes.memcached.servers=h:1")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withClassLoader(new FilteredClassLoader("net.rubyeye.xmemcached"))
			.withPropertyValues("cache.backends.quotes.type=MEMCACHED")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Add the dependency com.googlecode.xmemcached:xmemcached"));
	}

	@Test
	void aBuiltInBackendsGroupStopsStartupWhenItsLibraryIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader("net.rubyeye.xmemcached"))
			.withPropertyValues("cache.backends.plain.type=local-memory", "cache.backends.plain.memcached.servers=h:1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("only a memcached cache has memcached settings; this one is local-memory"));
	}

	@Test
	void providerBindsItsOwnGroup() {
		this.runner.withUserConfiguration(GroupedBackend.class)
			.withPropertyValues("cache.backends.g.type=grouped", "cache.backends.g.grouped.shards=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(GroupedProvider.class).shards).hasValue(3);
			});
	}

	@Test
	void unknownPropertyInAProvidersGroupNamesTheClosestOne() {
		this.runner.withUserConfiguration(GroupedBackend.class)
			.withPropertyValues("cache.backends.g.type=grouped", "cache.backends.g.grouped.shard=3")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.backends.g.grouped.shard")
				.hasMessageContaining("did you mean shards?"));
	}

	@Test
	void anotherBackendsGroupUnderACacheStopsStartup() {
		this.runner.withUserConfiguration(GroupedBackend.class)
			.withPropertyValues("cache.backends.plain.type=local-memory", "cache.backends.plain.grouped.shards=3")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("only a grouped cache has grouped settings; this one is local-memory"));
	}

	@Configuration(proxyBeanMethods = false)
	static class MapBackend {

		@Bean
		MapProvider mapProvider() {
			return new MapProvider();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AnotherMapBackend {

		@Bean
		MapProvider anotherMapProvider() {
			return new MapProvider();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GroupedBackend {

		@Bean
		GroupedProvider groupedProvider() {
			return new GroupedProvider();
		}

	}

	/** A backend with a property group of its own, {@code cache.backends.<name>.grouped.*}. */
	static class GroupedProvider implements BackendProvider {

		final AtomicInteger shards = new AtomicInteger();

		@Override
		public String type() {
			return "grouped";
		}

		@Override
		public BackendTraits traits() {
			return BackendTraits.inProcess();
		}

		@Override
		public String propertyGroup() {
			return "grouped";
		}

		@Override
		public OpenedStore<Object, Object> open(StoreContext context) {
			this.shards.set(context.properties(GroupedProperties.class).getShards());
			return OpenedStore.objects(new NoneStore<>());
		}

	}

	public static class GroupedProperties {

		private int shards = 1;

		public int getShards() {
			return this.shards;
		}

		public void setShards(int shards) {
			this.shards = shards;
		}

	}

}
