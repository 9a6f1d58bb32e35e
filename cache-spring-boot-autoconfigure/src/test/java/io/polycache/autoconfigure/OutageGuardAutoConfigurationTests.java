package io.polycache.autoconfigure;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.core.io.ClassPathResource;

import io.polycache.internal.FailOpenStore;
import io.polycache.internal.OutageGuardStore;
import io.polycache.internal.StoreCache;
import io.polycache.memcached.MemcachedTestServers;
import io.polycache.spi.CacheStore;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.OutageBurst;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outage guard as the auto-configuration assembles it: on redis and memcached caches
 * only, with the configured window, and what it saves an application whose server is
 * down: sixteen threads calling a fail-open cache for 2.5 s wait for the server's 500 ms
 * timeout a handful of times (one probe per window), not on every call.
 */
class OutageGuardAutoConfigurationTests {

	private static final Duration BURST = Duration.ofMillis(2_500);

	/** One probe per window of 1 s, each waiting at most a timeout, plus the burst's edges. */
	private static final int MOST_SLOW_CALLS = 4;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PolycacheAutoConfiguration.class));

	@Test
	void redisCacheWaitsForADownServerOncePerWindowNotOncePerCall() {
		try (LoopbackServer server = RedisServers.standalone()) {
			this.runner
				.withPropertyValues("spring.data.redis.host=" + LoopbackServer.HOST,
						"spring.data.redis.port=" + server.port(), "spring.data.redis.timeout=500ms",
						"spring.data.redis.connect-timeout=500ms", "cache.backends.quotes.type=redis")
				.run((context) -> {
					Cache quotes = context.getBean(CacheManager.class).getCache("quotes");
					await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
						quotes.put("k", "v");
						assertThat(quotes.get("k", String.class)).isEqualTo("v");
					});
					server.stop();
					assertThat(quotes.get("k")).as("the call that finds redis gone: a miss").isNull();
					OutageBurst burst = OutageBurst.run(16, BURST, () -> assertThat(quotes.get("k")).isNull());
					assertThat(burst.successes()).as("every call a miss").isGreaterThan(500);
					assertThat(burst.slowCalls()).as("calls that waited for redis").isLessThanOrEqualTo(MOST_SLOW_CALLS);
				});
		}
	}

	@Test
	void memcachedCacheWaitsForAStoppedServerOncePerWindowNotOncePerCall() {
		try (LoopbackServer server = MemcachedTestServers.start()) {
			this.runner
				.withPropertyValues("cache.memcached.servers=" + server.address(), "cache.backends.quotes.type=memcached")
				.run((context) -> {
					Cache quotes = context.getBean(CacheManager.class).getCache("quotes");
					quotes.put("k", "v");
					assertThat(quotes.get("k", String.class)).isEqualTo("v");
					server.pause();
					try {
						assertThat(quotes.get("k")).as("the call that times out: a miss").isNull();
						OutageBurst burst = OutageBurst.run(16, BURST, () -> assertThat(quotes.get("k")).isNull());
						assertThat(burst.successes()).as("every call a miss").isGreaterThan(500);
						assertThat(burst.slowCalls()).as("calls that waited for memcached")
							.isLessThanOrEqualTo(MOST_SLOW_CALLS);
					}
					finally {
						server.resume();
					}
				});
		}
	}

	@Test
	void onlyRemoteStoresAreGuardedWithTheConfiguredWindow() {
		this.runner
			.withPropertyValues("cache.memcached.servers=127.0.0.1:1", "cache.backends.remote.type=memcached",
					"cache.backends.unguarded.type=memcached", "cache.backends.unguarded.outage-window=0",
					"cache.backends.local.type=local-memory", "cache.backends.disk.type=file-system")
			.run((context) -> {
				CacheManager caches = context.getBean(CacheManager.class);
				assertThat(unwrapFailOpen(caches, "remote")).isInstanceOf(OutageGuardStore.class);
				assertThat(unwrapFailOpen(caches, "unguarded")).isNotInstanceOf(OutageGuardStore.class);
				assertThat(unwrapFailOpen(caches, "disk")).isNotInstanceOf(OutageGuardStore.class);
				assertThat(((StoreCache<?, ?>) caches.getCache("local")).getNativeCache())
					.isNotInstanceOf(OutageGuardStore.class);
				assertThat(((StoreCache<?, ?>) caches.getCache("remote")).settings().outageWindow())
					.isEqualTo(Duration.ofSeconds(1));
			});
	}

	@Test
	void windowIsInheritedFromTheDefaultsAndOverriddenPerCache() {
		this.runner
			.withPropertyValues("cache.defaults.outage-window=3s", "cache.backends.a.type=local-memory",
					"cache.backends.b.type=redis", "cache.backends.b.outage-window=250ms")
			.run((context) -> {
				CacheManager caches = context.getBean(CacheManager.class);
				assertThat(((StoreCache<?, ?>) caches.getCache("a")).settings().outageWindow()).isEqualTo(Duration.ofSeconds(3));
				assertThat(((StoreCache<?, ?>) caches.getCache("b")).settings().outageWindow())
					.isEqualTo(Duration.ofMillis(250));
			});
	}

	@Test
	void negativeWindowStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("cache.defaults.outage-window=-1s", "cache.backends.a.type=local-memory")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.defaults.outage-window"));
	}

	@Test
	void windowOnACacheWithoutAServerStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("cache.backends.a.type=file-system", "cache.backends.a.outage-window=2s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.backends.a.outage-window"));
	}

	@Test
	void windowHasIdeMetadataWithItsDefault() throws Exception {
		List<Map<String, Object>> found;
		try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			found = JsonPath.read(json, "$.properties[?(@.name == 'cache.defaults.outage-window')]");
		}
		assertThat(found).singleElement().satisfies((property) -> {
			assertThat(property.get("defaultValue")).isEqualTo("1s");
			assertThat((String) property.get("description")).contains("0 turns this outage guard off");
		});
	}

	private static CacheStore<?, ?> unwrapFailOpen(CacheManager caches, String name) {
		CacheStore<?, ?> store = ((StoreCache<?, ?>) caches.getCache(name)).getNativeCache();
		assertThat(store).isInstanceOf(FailOpenStore.class);
		return ((FailOpenStore) store).delegate();
	}

}
