package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

import io.polycache.core.CacheRemoval;
import io.polycache.core.CacheRemovalListener;
import io.polycache.core.ExtendedCache;
import io.polycache.core.RemovalCause;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.FailOpenStore;
import io.polycache.internal.StoreCache;
import io.polycache.memcached.MemcachedClients;
import io.polycache.memcached.MemcachedTestServers;
import io.polycache.memcached.SharedMemcachedClient;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.testsupport.CollectingRemovalListener;
import io.polycache.testsupport.LoopbackServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The memcached backend's auto-configuration, against a real server. */
class MemcachedAutoConfigurationTests {

	private static LoopbackServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
		.withPropertyValues("cache.memcached.servers=" + server.address(), "cache.backends.quotes.type=memcached",
				"cache.backends.rates.type=memcached", "cache.backends.rates.ttl=1m");

	@BeforeAll
	static void startServer() {
		server = MemcachedTestServers.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void memcachedCachesShareOneClientAndFailOpen() {
		this.runner.run((context) -> {
			CacheManager caches = context.getBean(CacheManager.class);
			caches.getCache("quotes").put("k", "v");
			assertThat(caches.getCache("quotes").get("k", String.class)).isEqualTo("v");
			assertThat(caches.getCache("rates").get("k")).isNull();
			assertThat(((StoreCache<?, ?>) caches.getCache("quotes")).getNativeCache()).isInstanceOf(FailOpenStore.class);
			List<SharedMemcachedClient> clients = context.getBean(MemcachedClients.class).clients();
			assertThat(clients).singleElement().satisfies((client) -> {
				assertThat(client.name()).isEqualTo("default");
				assertThat(client.settings().servers()).containsExactly(server.address());
				assertThat(client.settings().operationTimeout()).isEqualTo(Duration.ofMillis(500));
			});
		});
	}

	@Test
	void aNearTierInFrontOfMemcachedServesRepeatedReadsAndItsOwnWritesAtOnce() {
		this.runner
			.withPropertyValues("cache.backends.quotes.near.max-entries=100", "cache.backends.quotes.near.ttl=30s")
			.run((context) -> {
				ExtendedCache quotes = (ExtendedCache) context.getBean(CacheManager.class).getCache("quotes");
				quotes.put("k", "v1");
				assertThat(quotes.get("k", String.class)).isEqualTo("v1");
				assertThat(quotes.get("k", String.class)).isEqualTo("v1");
				assertThat(quotes.nearStatistics()).hasValueSatisfying((near) -> {
					assertThat(near.hits()).isOne();
					assertThat(near.serving()).isTrue();
				});
				quotes.put("k", "v2");
				assertThat(quotes.get("k", String.class)).isEqualTo("v2");
				quotes.clear();
				assertThat(quotes.get("k")).isNull();
			});
	}

	@Test
	void cacheWithItsOwnClientSettingsGetsItsOwnClient() {
		this.runner
			.withPropertyValues("cache.backends.rates.memcached.operation-timeout=200ms",
					"cache.backends.rates.memcached.connection-pool-size=2")
			.run((context) -> {
				List<SharedMemcachedClient> clients = context.getBean(MemcachedClients.class).clients();
				assertThat(clients).extracting(SharedMemcachedClient::name).containsExactly("default", "rates");
				SharedMemcachedClient rates = clients.get(1);
				assertThat(rates.settings().operationTimeout()).isEqualTo(Duration.ofMillis(200));
				assertThat(rates.settings().connectionPoolSize()).isEqualTo(2);
				assertThat(rates.settings().servers()).containsExactly(server.address());
				CacheManager caches = context.getBean(CacheManager.class);
				caches.getCache("rates").put("k", 1);
				assertThat(caches.getCache("rates").get("k", Integer.class)).isEqualTo(1);
			});
	}

	@Test
	void clientsAreShutDownWithTheContext() {
		SharedMemcachedClient[] client = new SharedMemcachedClient[1];
		this.runner.run((context) -> client[0] = context.getBean(MemcachedClients.class).clients().get(0));
		assertThat(client[0].nativeClient().isShutdown()).isTrue();
	}

	@Test
	void withoutXmemcachedAMemcachedCacheStopsStartUpNamingTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("net.rubyeye")).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.backends.quotes.type")
				.hasMessageContaining("com.googlecode.xmemcached:xmemcached");
		});
	}

	@Test
	void withoutXmemcachedOtherCachesStart() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("net.rubyeye"))
			.withPropertyValues("cache.backends.products.type=local-memory")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(MemcachedClients.class);
				assertThat(context.getBean(CacheManager.class).getCacheNames()).containsExactly("products");
			});
	}

	@Test
	void serverWithoutPortIsExplained() {
		this.runner.withPropertyValues("cache.memcached.servers=localhost").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(PolycacheConfigurationException.class, (failure) -> {
					assertThat(failure.getProperty()).isEqualTo("cache.memcached.servers");
					assertThat(failure.getValue()).isEqualTo("localhost");
					assertThat(failure.getAction()).contains("10.0.0.1:11211");
				});
		});
	}

	@Test
	void badOverrideNamesTheCachesOwnProperty() {
		this.runner.withPropertyValues("cache.backends.rates.memcached.operation-timeout=0s").run((context) -> {
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(PolycacheConfigurationException.class, (failure) -> assertThat(
						failure.getProperty())
					.isEqualTo("cache.backends.rates.memcached.operation-timeout"));
		});
	}

	@Test
	void memcachedSettingsOnAnotherBackendAreRejected() {
		this.runner.withPropertyValues("cache.backends.local.type=local-memory",
				"cache.backends.local.memcached.servers=127.0.0.1:11211").run((context) -> {
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOfSatisfying(PolycacheConfigurationException.class, (failure) -> assertThat(
								failure.getProperty())
							.isEqualTo("cache.backends.local.memcached"));
				});
	}

	@Test
	void healthReportsEachClientAndGoesDownWithAServer() {
		LoopbackServer second = MemcachedTestServers.start();
		try {
			this.runner.withPropertyValues("cache.memcached.servers=" + server.address() + "," + second.address())
				.run((context) -> {
					CompositeHealthContributor memcached = context.getBean("memcachedHealthContributor",
							CompositeHealthContributor.class);
					assertThat(memcached.stream()).extracting((entry) -> entry.name()).containsExactly("default");
					Health up = ((HealthIndicator) memcached.getContributor("default")).health();
					assertThat(up.getStatus()).isEqualTo(Status.UP);
					assertThat(up.getDetails().get("servers").toString())
						.contains(second.address() + "=UP (memcached ");
					second.stop();
					// The client notices the closed connection on its own schedule.
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
						Health down = ((HealthIndicator) memcached.getContributor("default")).health();
						assertThat(down.getStatus()).isEqualTo(Status.DOWN);
						assertThat(down.getDetails().get("servers").toString()).contains(second.address() + "=DOWN")
							.contains(server.address() + "=UP");
					});
				});
		}
		finally {
			second.close();
		}
	}

	@Test
	void healthEndpointShowsMemcachedOnlyWhenAClientExists() {
		ApplicationContextRunner withHealth = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class,
					HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class))
			.withPropertyValues("cache.memcached.servers=" + server.address());
		withHealth.withPropertyValues("cache.backends.quotes.type=memcached").run((context) -> {
			HealthDescriptor health = context.getBean(HealthEndpoint.class).healthForPath("memcached", "default");
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(context.getBean(HealthEndpoint.class).health().getStatus()).isEqualTo(Status.UP);
		});
		withHealth.withPropertyValues("cache.backends.products.type=local-memory").run((context) -> {
			assertThat(context.getBean(HealthEndpoint.class).health().getStatus()).isEqualTo(Status.UP);
			assertThat(context.getBean(HealthEndpoint.class).healthForPath("memcached")).isNull();
		});
	}

	@Test
	void withoutHealthSupportThereIsNoHealthContributor() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health")).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean("memcachedHealthContributor");
			assertThat(context.getBean(CacheManager.class).getCacheNames()).containsExactly("quotes", "rates");
		});
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.memcached.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("memcachedHealthContributor"));
	}

	@Test
	void explicitRemovalsOfThisInstanceAreHeardAndCounted() {
		CollectingRemovalListener listener = new CollectingRemovalListener();
		this.runner.withBean(CacheRemovalListener.class, () -> listener).run((context) -> {
			ExtendedCache quotes = (ExtendedCache) context.getBean(CacheManager.class).getCache("quotes");
			quotes.put("acme", 1.5);
			quotes.put(2L, 2.5);
			quotes.evict("acme");
			quotes.evict("never-there");
			assertThat(quotes.evictAll(List.of(2L, "missing"))).isOne();
			assertThat(listener.await(2)).containsExactly(
					new CacheRemoval("quotes", "acme", null, RemovalCause.EXPLICIT),
					new CacheRemoval("quotes", "~long:2", null, RemovalCause.EXPLICIT));
			assertThat(((AssembledCache) quotes).storeCache().removals(RemovalCause.EXPLICIT)).isEqualTo(2);
		});
	}

}
