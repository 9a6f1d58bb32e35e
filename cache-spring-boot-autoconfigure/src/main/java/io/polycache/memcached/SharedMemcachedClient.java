package io.polycache.memcached;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeoutException;

import com.google.code.yanf4j.core.Session;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.utils.AddrUtil;
import org.jspecify.annotations.Nullable;

/**
 * One xmemcached client, shared by every cache with the same {@link MemcachedClientSettings}.
 * <p>Keys are spread over the servers by consistent (ketama) hashing. The client runs in
 * xmemcached's <em>failure mode</em>: a server that goes away keeps its share of the keys,
 * so operations on them fail at once (a miss under fail-open) instead of moving to
 * another server, where they would be misses too and leave stale copies behind once the
 * server is back. The client reconnects in the background, first after the reconnect
 * interval and then each time one interval later; when the server answers again, its
 * keys go to it again.
 * <p>Thread-safe. Created and closed by {@link MemcachedClients}.
 */
public final class SharedMemcachedClient {

	private final String name;

	private final MemcachedClientSettings settings;

	private final MemcachedClient client;

	private SharedMemcachedClient(String name, MemcachedClientSettings settings, MemcachedClient client) {
		this.name = name;
		this.settings = settings;
		this.client = client;
	}

	static SharedMemcachedClient connect(String name, MemcachedClientSettings settings) {
		XMemcachedClientBuilder builder = new XMemcachedClientBuilder(AddrUtil.getAddresses(settings.addressList()));
		builder.setName("polycache-" + name);
		builder.setSessionLocator(new KetamaMemcachedSessionLocator());
		builder.setConnectionPoolSize(settings.connectionPoolSize());
		builder.setOpTimeout(settings.operationTimeout().toMillis());
		// Starting up must not hang on a server that does not answer; the client keeps trying.
		builder.setConnectTimeout(Math.max(1_000, settings.operationTimeout().toMillis()));
		builder.setFailureMode(true);
		builder.setEnableHealSession(true);
		builder.setHealSessionInterval(settings.reconnectInterval().toMillis());
		try {
			return new SharedMemcachedClient(name, settings, builder.build());
		}
		catch (IOException ex) {
			throw new MemcachedAccessException("Cannot start a memcached client for " + settings.servers(), ex);
		}
	}

	/** The name of the first cache that asked for this client, or {@code default}. */
	public String name() {
		return this.name;
	}

	public MemcachedClientSettings settings() {
		return this.settings;
	}

	/** The xmemcached client, for operations Polycache does not offer. */
	public MemcachedClient nativeClient() {
		return this.client;
	}

	/**
	 * Asks every configured server for its statistics, each bounded by the operation
	 * timeout; a server that is not connected is not asked.
	 * @return by server as configured, its memcached version, or {@code null} when it did
	 * not answer
	 */
	public Map<String, @Nullable String> probe() {
		Map<String, @Nullable String> versions = new LinkedHashMap<>();
		for (String server : this.settings.servers()) {
			versions.put(server, version(AddrUtil.getOneAddress(server)));
		}
		return versions;
	}

	private @Nullable String version(InetSocketAddress address) {
		Queue<Session> sessions = this.client.getConnector().getSessionByAddress(address);
		if (sessions == null || sessions.stream().allMatch(Session::isClosed)) {
			return null;
		}
		try {
			Map<String, String> stats = this.client.stats(address, this.settings.operationTimeout().toMillis());
			return (stats != null) ? stats.getOrDefault("version", "unknown") : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (TimeoutException | MemcachedException | RuntimeException ex) {
			return null;
		}
	}

	void shutdown() throws IOException {
		this.client.shutdown();
	}

	@Override
	public String toString() {
		return "memcached " + this.settings.servers();
	}

}
