package io.polycache.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.core.CacheSettings;
import io.polycache.core.OutageGuardStore;
import io.polycache.testsupport.CountingStore;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.OutageBurst;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.awaitility.Awaitility.await;

/**
 * A real redis server killed under sixteen callers: while it is down, at most one call at
 * a time reaches it, the others fail at once; once it is back, the store is up again.
 */
class RedisOutageTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static final Duration WINDOW = Duration.ofSeconds(1);

	private static final Duration BURST = Duration.ofMillis(2_500);

	private LoopbackServer server;

	private LettuceConnectionFactory connectionFactory;

	private CountingStore remote;

	private OutageGuardStore store;

	@BeforeEach
	void startServer() {
		this.server = RedisServers.standalone();
		this.connectionFactory = RedisServers.connectionFactory(this.server, TIMEOUT);
		this.remote = new CountingStore(RedisStores.create(CacheSettings.defaults("outage"), this.connectionFactory));
		this.store = new OutageGuardStore(this.remote, RedisOutages::isOutage, WINDOW);
	}

	@AfterEach
	void stopServer() {
		this.connectionFactory.destroy();
		this.server.close();
	}

	@Test
	void whileRedisIsDownOneCallAtATimeReachesItAndTheRestFailAtOnce() throws Exception {
		// A busy machine may time out the very first connection: wait for redis to answer.
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			this.store.put("k", new byte[] { 1 }, Duration.ZERO);
			assertThat(this.store.get("k")).isEqualTo(new byte[] { 1 });
		});

		this.server.stop();
		assertThatRuntimeException().as("the call that finds redis gone").isThrownBy(() -> this.store.get("k"));
		assertThat(this.store.isDown()).isTrue();
		this.remote.reset();
		OutageBurst burst = OutageBurst.run(16, BURST, () -> this.store.get("k"));
		assertThat(this.remote.mostInFlight()).as("calls at redis at once").isOne();
		assertThat(this.remote.calls()).as("probes: about one per window").isBetween(1, 4);
		assertThat(burst.otherFailures()).as("calls that reached redis").isEqualTo(this.remote.calls());
		assertThat(burst.fastFailures()).as("calls that failed at once").isGreaterThan(500);
		assertThat(burst.fastFailureP99()).as("99th percentile of the calls that failed at once")
			.isLessThan(Duration.ofMillis(100));

		this.server.start();
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() -> {
			this.store.put("k", new byte[] { 2 }, Duration.ZERO);
			assertThat(this.store.isDown()).isFalse();
		});
		OutageBurst recovered = OutageBurst.run(16, Duration.ofMillis(200), () -> this.store.get("k"));
		assertThat(recovered.fastFailures() + recovered.otherFailures()).isZero();
		assertThat(recovered.successes()).isPositive();
		assertThat(this.store.get("k")).isEqualTo(new byte[] { 2 });
	}

}
