package io.polycache.memcached;

import java.util.List;

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
	 * The memcached backend as an application whose {@code cache.memcached.servers} is this
	 * server gets it, every other setting at its default.
	 */
	public MemcachedProvider provider() {
		MemcachedProperties shared = new MemcachedProperties();
		shared.setServers(List.of(this.server.address()));
		return new MemcachedProvider(this.clients, shared);
	}

}
