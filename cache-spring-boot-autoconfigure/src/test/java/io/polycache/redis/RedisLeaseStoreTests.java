package io.polycache.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.spi.Leases;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease contract on a standalone redis on loopback. */
class RedisLeaseStoreTests extends AbstractRedisLeaseStoreTests {

	private static LoopbackServer server;

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void startServer() {
		server = RedisServers.standalone();
		connectionFactory = RedisServers.connectionFactory(server, Duration.ofSeconds(5));
	}

	@AfterAll
	static void stopServer() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
		if (server != null) {
			server.close();
		}
	}

	@Override
	RedisConnectionFactory factory() {
		return connectionFactory;
	}

	@Test
	void aLeaseIsOneStringWithTheServersMillisecondTtl() {
		Leases leases = leases("ttl");
		String key = leases.keys().toStoreKey("k");
		assertThat(key).isEqualTo("ttl:lease:k2:1:k");
		assertThat(leases.store().compareAndSet(key, null, "token", Duration.ofMillis(4_500))).isTrue();
		assertThat(RedisServers.cli(server, "type", key).strip()).isEqualTo("string");
		assertThat(Long.parseLong(RedisServers.cli(server, "pttl", key).strip())).isBetween(1L, 4_500L);
		assertThat(leases.store().compareAndSet(key, "token", "failed", Duration.ofMillis(900))).isTrue();
		assertThat(Long.parseLong(RedisServers.cli(server, "pttl", key).strip())).isBetween(1L, 900L);
	}

}
