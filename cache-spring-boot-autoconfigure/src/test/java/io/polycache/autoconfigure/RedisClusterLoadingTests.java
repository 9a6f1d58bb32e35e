package io.polycache.autoconfigure;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.polycache.testsupport.RedisServerExtension;

/** Cluster-wide loading between two instances on one standalone redis-server. */
class RedisClusterLoadingTests extends AbstractClusterLoadingTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	@Override
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withPropertyValues(redis.springProperties())
			.withPropertyValues("spring.data.redis.timeout=2s",
					"cache.backends.products.type=redis")
			.withPropertyValues(clusterProperties());
	}

}
