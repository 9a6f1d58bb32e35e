package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.internal.OutageGuardStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.testsupport.CountingStore;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.OutageScenario;

/**
 * A real memcached stopped (SIGSTOP: it keeps its connections and answers nothing, so
 * every call would wait for the operation timeout) under sixteen callers: at most one
 * call at a time reaches it, the others fail at once; once it runs again, the store is up.
 */
class MemcachedOutageTests {

	private static final Duration WINDOW = Duration.ofSeconds(1);

	private LoopbackServer server;

	private MemcachedClients clients;

	private CountingStore remote;

	private OutageGuardStore<String, byte[]> store;

	@BeforeEach
	void startServer() {
		this.server = MemcachedTestServers.start();
		this.clients = new MemcachedClients();
		SharedMemcachedClient client = this.clients.client("outage", MemcachedTestServers.settings(this.server));
		this.remote = new CountingStore(MemcachedStores.create("outage", KeyNamespace.of(CacheSettings.defaults("outage")), client,
				Duration.ofMillis(100), Clock.systemUTC()));
		this.store = new OutageGuardStore<>(this.remote, MemcachedOutages::isOutage, WINDOW);
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
		OutageScenario.run(this.store, this.remote, this.server::pause, this.server::resume);
	}

}
