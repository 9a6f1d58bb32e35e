package io.polycache.autoconfigure;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.polycache.testsupport.RedisServerExtension;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances with a near tier on one standalone redis-server, which is also restarted. */
class RedisNearTierTests extends AbstractRedisNearTierTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	@Override
	protected String[] redisProperties() {
		return redis.springProperties();
	}

	@Override
	protected Set<String> pubSubClients() {
		return RedisServers.pubSubClients(redis.server());
	}

	@Override
	protected void killEveryClient() {
		RedisServers.cli(redis.server(), "client", "kill", "type", "normal");
		RedisServers.cli(redis.server(), "client", "kill", "type", "pubsub");
	}

	@Test
	void aRestartedRedisStopsTheNearTierAndItStartsAgainEmpty() throws Throwable {
		twoInstances(runner().withPropertyValues("cache.backends.products.outage-window=100ms"), (a, b) -> {
			a.put("k", "v1");
			awaitTrue(() -> "v1".equals(b.get("k", String.class)) && near(b).hits() > 0, STALE_BOUND);
			redis.server().stop();
			awaitTrue(() -> !near(b).serving(), STALE_BOUND);
			redis.server().start();
			awaitTrue(() -> near(b).serving() && near(a).serving(), RECONNECT);
			assertThat(b.get("k")).as("redis came back empty, and so did the near tier").isNull();
			a.put("k", "v2");
			assertThat(b.get("k", String.class)).isEqualTo("v2");
			a.put("k", "v3");
			assertSeenWithin(() -> "v3".equals(b.get("k", String.class)));
		});
	}

}
