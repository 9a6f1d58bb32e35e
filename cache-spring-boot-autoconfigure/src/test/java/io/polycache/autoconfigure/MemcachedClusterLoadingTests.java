package io.polycache.autoconfigure;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.polycache.memcached.MemcachedTestServers;
import io.polycache.testsupport.LoopbackServer;

/** Cluster-wide loading between two instances on one real memcached. */
class MemcachedClusterLoadingTests extends AbstractClusterLoadingTests {

	private static LoopbackServer server;

	@BeforeAll
	static void startServer() {
		server = MemcachedTestServers.start();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Override
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.memcached.servers=" + server.address(), "cache.backends.products.type=memcached")
			.withPropertyValues(clusterProperties());
	}

}
