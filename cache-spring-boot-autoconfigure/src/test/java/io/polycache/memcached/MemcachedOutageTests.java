package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.core.OutageGuardStore;
import io.polycache.testsupport.CountingStore;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.OutageBurst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.awaitility.Awaitility.await;

/**
 * A real memcached stopped (SIGSTOP: it keeps its connections and answers nothing, so
 * every call would wait for the operation timeout) under sixteen callers: at most one
 * call at a time reaches it, the others fail at once; once it runs again, the store is up.
 */
class MemcachedOutageTests {

	private static final Duration WINDOW = Duration.ofSeconds(1);

	private static final Duration BURST = Duration.ofMillis(2_500);

	private LoopbackServer server;

	private MemcachedClients clients;

	private CountingStore remote;

	private OutageGuardStore store;

	@BeforeEach
	void startServer() {
		this.server = MemcachedTestServers.start();
		this.clients = new MemcachedClients();
		SharedMemcachedClient client = this.clients.client("outage", MemcachedTestServers.settings(this.server));
		this.remote = new CountingStore(MemcachedStores.create(CacheSettings.defaults("outage"), client,
				Duration.ofMillis(100), Clock.systemUTC()));
		this.store = new OutageGuardStore(this.remote, MemcachedOutages::isOutage, WINDOW);
	}

	@AfterEach
	void stopServer() {
		if (this.server.isRunning()) {
			this.server.resume();
		}
		this.clients.close();
		this.server.close();
	}

	@Test
	void whileMemcachedIsStoppedOneCallAtATimeReachesItAndTheRestFailAtOnce() throws Exception {
		this.store.put("k", new byte[] { 1 }, Duration.ZERO);
		assertThat(this.store.get("k")).isEqualTo(new byte[] { 1 });

		this.server.pause();
		assertThatRuntimeException().as("the call that times out").isThrownBy(() -> this.store.get("k"));
		assertThat(this.store.isDown()).isTrue();
		this.remote.reset();
		OutageBurst burst = OutageBurst.run(16, BURST, () -> this.store.get("k"));
		assertThat(this.remote.mostInFlight()).as("calls at memcached at once").isOne();
		assertThat(this.remote.calls()).as("probes: about one per window").isBetween(1, 4);
		assertThat(burst.otherFailures()).as("calls that reached memcached").isEqualTo(this.remote.calls());
		assertThat(burst.fastFailures()).as("calls that failed at once").isGreaterThan(500);
		assertThat(burst.fastFailureP99()).as("99th percentile of the calls that failed at once")
			.isLessThan(Duration.ofMillis(100));

		this.server.resume();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() -> {
			this.store.put("k", new byte[] { 2 }, Duration.ZERO);
			assertThat(this.store.isDown()).isFalse();
		});
		OutageBurst recovered = OutageBurst.run(16, Duration.ofMillis(200), () -> this.store.get("k"));
		assertThat(recovered.fastFailures() + recovered.otherFailures()).isZero();
		assertThat(recovered.successes()).isPositive();
		assertThat(this.store.get("k")).isEqualTo(new byte[] { 2 });
	}

}
