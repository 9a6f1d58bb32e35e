package io.polycache.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.core.AbstractHostilePayloadTests;
import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.KeyMapper;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

/** Hostile bytes planted in a real redis-server. */
class RedisHostilePayloadTests extends AbstractHostilePayloadTests {

	private static LoopbackServer server;

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void startServer() {
		server = RedisServers.standalone();
		connectionFactory = RedisServers.connectionFactory(server, Duration.ofSeconds(2));
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

	@BeforeEach
	void emptyServer() {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.serverCommands().flushAll();
		}
	}

	@Override
	protected CacheStore createStore(CacheSettings settings) {
		return RedisStores.create(settings, connectionFactory);
	}

	@Override
	protected KeyMapper keyMapper(CacheSettings settings) {
		return RedisStores.keyMapper(settings);
	}

}
