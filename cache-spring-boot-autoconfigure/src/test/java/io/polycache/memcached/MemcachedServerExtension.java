package io.polycache.memcached;

import java.time.Duration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.polycache.testsupport.LoopbackServer;

/**
 * One real memcached and a client to it for a test class, emptied before each test so
 * that no test sees another's entries:
 * {@code @RegisterExtension static final MemcachedServerExtension memcached = new MemcachedServerExtension();}
 */
public final class MemcachedServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

	private LoopbackServer server;

	private MemcachedClients clients;

	private SharedMemcachedClient client;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = MemcachedTestServers.start();
		this.clients = new MemcachedClients();
		this.client = this.clients.client("test", MemcachedTestServers.settings(this.server));
	}

	@Override
	public void beforeEach(ExtensionContext context) throws Exception {
		this.client.nativeClient().flushAll();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.clients.close();
		this.server.close();
	}

	public LoopbackServer server() {
		return this.server;
	}

	public SharedMemcachedClient client() {
		return this.client;
	}

	/**
	 * The memcached backend as an application on this server gets it: its caches share
	 * {@link #client()} and re-read their generation every second.
	 */
	public MemcachedProvider provider() {
		return new MemcachedProvider(this.clients,
				(context) -> new MemcachedProvider.Client("test", this.client.settings(), Duration.ofSeconds(1)));
	}

}
