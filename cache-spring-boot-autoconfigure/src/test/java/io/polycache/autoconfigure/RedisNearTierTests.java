package io.polycache.autoconfigure;

import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances with a near tier on one standalone redis-server, which is also restarted. */
class RedisNearTierTests extends AbstractRedisNearTierTests {

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
	protected String[] redisProperties() {
		return new String[] { "spring.data.redis.host=" + LoopbackServer.HOST,
				"spring.data.redis.port=" + server.port() };
	}

	@Override
	protected Set<String> pubSubClients() {
		return RedisServers.pubSubClients(server);
	}

	@Override
	protected void killEveryClient() {
		RedisServers.cli(server, "client", "kill", "type", "normal");
		RedisServers.cli(server, "client", "kill", "type", "pubsub");
	}

	@Test
	void aRestartedRedisStopsTheNearTierAndItStartsAgainEmpty() throws Throwable {
		twoInstances(runner().withPropertyValues("cache.backends.products.outage-window=100ms"), (a, b) -> {
			a.put("k", "v1");
			awaitTrue(() -> "v1".equals(b.get("k", String.class)) && near(b).hits() > 0, STALE_BOUND);
			server.stop();
			awaitTrue(() -> !near(b).serving(), STALE_BOUND);
			server.start();
			awaitTrue(() -> near(b).serving() && near(a).serving(), RECONNECT);
			assertThat(b.get("k")).as("redis came back empty, and so did the near tier").isNull();
			a.put("k", "v2");
			assertThat(b.get("k", String.class)).isEqualTo("v2");
			a.put("k", "v3");
			assertSeenWithin(() -> "v3".equals(b.get("k", String.class)));
		});
	}

}
