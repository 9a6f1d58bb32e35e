package io.polycache.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.core.CacheSettings;
import io.polycache.internal.OutageGuardStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.testsupport.CountingStore;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.OutageScenario;
import io.polycache.testsupport.RedisServers;

/**
 * A real redis server killed under sixteen callers: while it is down, at most one call at
 * a time reaches it, the others fail at once; once it is back, the store is up again.
 */
class RedisOutageTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static final Duration WINDOW = Duration.ofSeconds(1);

	private LoopbackServer server;

	private LettuceConnectionFactory connectionFactory;

	private CountingStore remote;

	private OutageGuardStore<String, byte[]> store;

	@BeforeEach
	void startServer() {
		this.server = RedisServers.standalone();
		this.connectionFactory = RedisServers.connectionFactory(this.server, TIMEOUT);
		this.remote = new CountingStore(RedisStores.create(KeyNamespace.of(CacheSettings.defaults("outage")), this.connectionFactory));
		this.store = new OutageGuardStore<>(this.remote, RedisOutages::isOutage, WINDOW);
	}

	@AfterEach
	void stopServer() {
		this.connectionFactory.destroy();
		this.server.close();
	}

	@Test
	void whileRedisIsDownOneCallAtATimeReachesItAndTheRestFailAtOnce() throws Exception {
		OutageScenario.run(this.store, this.remote, this.server::stop, this.server::start);
	}

}
