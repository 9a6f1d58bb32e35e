package io.polycache.memcached;

import java.time.Duration;
import java.util.List;

import org.springframework.util.Assert;

/**
 * How one xmemcached client connects: immutable, and equal for equal settings, so caches
 * with the same settings share one client.
 *
 * @param servers the servers as {@code host:port}; several are used with consistent hashing
 * @param operationTimeout how long one operation may take before it fails
 * @param connectionPoolSize connections per server
 * @param maxItemSize the largest item, in bytes, the servers store (memcached's {@code -I})
 * @param reconnectInterval how long after losing a server the client first tries to
 * reconnect; each failed attempt waits one interval longer
 */
public record MemcachedClientSettings(List<String> servers, Duration operationTimeout, int connectionPoolSize,
		long maxItemSize, Duration reconnectInterval) {

	/** memcached's own default item size limit: 1 MiB. */
	public static final long DEFAULT_MAX_ITEM_SIZE = 1024 * 1024;

	public MemcachedClientSettings {
		servers = List.copyOf(servers);
		Assert.isTrue(!servers.isEmpty(), "At least one memcached server is needed");
		Assert.isTrue(operationTimeout.toMillis() > 0,
				() -> "The memcached operation timeout must be at least 1ms: " + operationTimeout);
		Assert.isTrue(connectionPoolSize > 0,
				() -> "The memcached connection pool size must be positive: " + connectionPoolSize);
		Assert.isTrue(maxItemSize > 0, () -> "The memcached item size limit must be positive: " + maxItemSize);
		Assert.isTrue(reconnectInterval.toMillis() > 0,
				() -> "The memcached reconnect interval must be at least 1ms: " + reconnectInterval);
	}

	/** Settings for these servers with the defaults for everything else. */
	public static MemcachedClientSettings of(List<String> servers) {
		return new MemcachedClientSettings(servers, Duration.ofMillis(500), 1, DEFAULT_MAX_ITEM_SIZE,
				Duration.ofSeconds(1));
	}

	/** The servers as xmemcached's address list: {@code host:port host:port}. */
	String addressList() {
		return String.join(" ", this.servers);
	}

}
