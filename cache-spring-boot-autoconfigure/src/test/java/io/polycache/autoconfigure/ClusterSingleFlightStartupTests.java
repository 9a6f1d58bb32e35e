package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

import io.polycache.core.CacheSettings;
import io.polycache.core.ExtendedCache;
import io.polycache.file.FileSystemProperties;
import io.polycache.memcached.MemcachedTestServers;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.OpenedStore;
import io.polycache.testfixtures.FixedStoreContext;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code single-flight: cluster} on the three backends that hold leases (redis, memcached,
 * file-system): start-up accepts it, and the store the backend's provider opens for the
 * cache comes with its leases.
 */
class ClusterSingleFlightStartupTests {

	private static LoopbackServer redis;

	private static LoopbackServer memcached;

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
		.withPropertyValues("cache.backends.quotes.single-flight=cluster", "cache.backends.quotes.ttl=10m");

	@BeforeAll
	static void startServers() {
		redis = RedisServers.standalone();
		memcached = MemcachedTestServers.start();
	}

	@AfterAll
	static void stopServers() {
		redis.close();
		memcached.close();
	}

	@Test
	void redisAcceptsClusterSingleFlight() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("cache.backends.quotes.type=redis", "spring.data.redis.host=" + LoopbackServer.HOST,
					"spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=500ms")
			.run((context) -> assertLeasesHeld(context, "redis", null));
	}

	@Test
	void memcachedAcceptsClusterSingleFlight() {
		this.runner.withPropertyValues("cache.backends.quotes.type=memcached",
				"cache.memcached.servers=" + memcached.address())
			.run((context) -> assertLeasesHeld(context, "memcached", null));
	}

	@Test
	void fileSystemAcceptsClusterSingleFlight() {
		FileSystemProperties properties = new FileSystemProperties();
		properties.setDirectory(this.directory);
		this.runner.withPropertyValues("cache.backends.quotes.type=file-system",
				"cache.backends.quotes.file-system.directory=" + this.directory)
			.run((context) -> assertLeasesHeld(context, "file-system", properties));
	}

	/** Cluster single flight is set, and the provider opens the cache's store with leases. */
	private static void assertLeasesHeld(AssertableApplicationContext context, String type, Object properties) {
		assertThat(context).hasNotFailed();
		CacheSettings settings = ((ExtendedCache) context.getBean(CacheManager.class).getCache("quotes")).settings();
		assertThat(settings.clusterSingleFlight()).isTrue();
		BackendProvider provider = context.getBeansOfType(BackendProvider.class)
			.values()
			.stream()
			.filter((candidate) -> candidate.type().equals(type))
			.findFirst()
			.orElseThrow();
		assertThat(provider.traits().holdsLeases()).isTrue();
		OpenedStore<?, ?> opened = provider.open(new FixedStoreContext(settings, Clock.systemUTC(), properties));
		try {
			assertThat(opened.leases()).isNotNull();
			String key = opened.leases().keys().toStoreKey("k");
			assertThat(opened.leases().store().compareAndSet(key, null, "token", settings.singleFlightLease()))
				.isTrue();
			assertThat(opened.leases().store().compareAndSet(key, "token", null, settings.singleFlightLease()))
				.isTrue();
		}
		finally {
			opened.store().close();
		}
	}

}
