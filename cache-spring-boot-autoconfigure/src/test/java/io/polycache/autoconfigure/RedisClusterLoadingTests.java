package io.polycache.autoconfigure;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

/** Cluster-wide loading between two instances on one standalone redis-server. */
class RedisClusterLoadingTests extends AbstractClusterLoadingTests {

	private static LoopbackServer server;

	@BeforeAll
	static void startServer() {
		server = RedisServers.standalone();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Override
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=" + LoopbackServer.HOST,
					"spring.data.redis.port=" + server.port(), "spring.data.redis.timeout=2s",
					"cache.backends.products.type=redis")
			.withPropertyValues(clusterProperties());
	}

}
