package io.polycache.autoconfigure;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.polycache.memcached.MemcachedServerExtension;

/** Cluster-wide loading between two instances on one real memcached. */
class MemcachedClusterLoadingTests extends AbstractClusterLoadingTests {

	@RegisterExtension
	static final MemcachedServerExtension memcached = new MemcachedServerExtension();

	@Override
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.memcached.servers=" + memcached.server().address(),
					"cache.backends.products.type=memcached")
			.withPropertyValues(clusterProperties());
	}

}
