package io.polycache.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

	@Test
	void typesAreMatchedAsTheEnumWas() {
		this.runner.withPropertyValues("cache.backends.a.type=LOCAL_MEMORY", "cache.backends.b.type=Local-Memory")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(((StoreCache<?, ?>) context.getBean(CacheManager.class).getCache("a")).getNativeCache())
					.hasToString("local-memory");
			});
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
