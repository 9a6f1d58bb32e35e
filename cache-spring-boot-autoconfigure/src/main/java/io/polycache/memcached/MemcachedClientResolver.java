package io.polycache.memcached;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import io.polycache.spi.PolycacheConfigurationException;

/**
 * One memcached cache's client: its own {@code cache.backends.<name>.memcached.*} over the
 * shared {@code cache.memcached.*}, every value checked and a failure naming the property
 * that set it. Immutable.
 */
final class MemcachedClientResolver {

	/** How long after losing a server the client first tries to reconnect. */
	private static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(1);

	private final String cacheName;

	private final MemcachedProperties shared;

	private final MemcachedCacheProperties overrides;

	MemcachedClientResolver(String cacheName, MemcachedProperties shared, MemcachedCacheProperties overrides) {
		this.cacheName = cacheName;
		this.shared = shared;
		this.overrides = overrides;
	}

	/** The client: the cache's own when it overrides any setting, else the shared one. */
	MemcachedProvider.Client client() {
		return new MemcachedProvider.Client(this.overrides.overridesAny() ? this.cacheName : "default",
				clientSettings(), generationCheckInterval());
	}

	private MemcachedClientSettings clientSettings() {
		List<String> servers = pick(MemcachedCacheProperties::getServers, MemcachedProperties::getServers);
		servers.forEach((server) -> checkServer(server));
		if (servers.isEmpty()) {
			throw invalid("servers", servers, "at least one memcached server is needed");
		}
		Duration timeout = pick(MemcachedCacheProperties::getOperationTimeout,
				MemcachedProperties::getOperationTimeout);
		if (timeout.toMillis() <= 0) {
			throw invalid("operation-timeout", timeout, "an operation timeout must be at least 1ms");
		}
		int poolSize = pick(MemcachedCacheProperties::getConnectionPoolSize,
				MemcachedProperties::getConnectionPoolSize);
		if (poolSize < 1) {
			throw invalid("connection-pool-size", poolSize, "a client needs at least one connection per server");
		}
		DataSize maxItemSize = pick(MemcachedCacheProperties::getMaxItemSize,
				MemcachedProperties::getMaxItemSize);
		if (maxItemSize.toBytes() <= 0) {
			throw invalid("max-item-size", maxItemSize, "an item size limit must be positive");
		}
		return new MemcachedClientSettings(servers, timeout, poolSize, maxItemSize.toBytes(), RECONNECT_INTERVAL);
	}

	private Duration generationCheckInterval() {
		Duration interval = pick(MemcachedCacheProperties::getGenerationCheckInterval,
				MemcachedProperties::getGenerationCheckInterval);
		if (interval.isNegative()) {
			throw invalid("generation-check-interval", interval, "an interval must not be negative");
		}
		return interval;
	}

	private void checkServer(String server) {
		int colon = server.lastIndexOf(':');
		boolean valid = colon > 0 && colon < server.length() - 1 && server.strip().equals(server);
		if (valid) {
			try {
				int port = Integer.parseInt(server.substring(colon + 1));
				valid = port > 0 && port < 65536;
			}
			catch (NumberFormatException ex) {
				valid = false;
			}
		}
		if (!valid) {
			String property = property("servers");
			throw new PolycacheConfigurationException(property, server,
					"a memcached server must be written as host:port",
					"Set " + property + " to a list such as 10.0.0.1:11211,10.0.0.2:11211.");
		}
	}

	private <T> T pick(Function<MemcachedCacheProperties, @Nullable T> own, Function<MemcachedProperties, T> shared) {
		T value = own.apply(this.overrides);
		return (value != null) ? value : shared.apply(this.shared);
	}

	/** The property that set this value: the cache's own, or the shared one. */
	private String property(String name) {
		boolean own = switch (name) {
			case "servers" -> this.overrides.getServers() != null;
			case "operation-timeout" -> this.overrides.getOperationTimeout() != null;
			case "connection-pool-size" -> this.overrides.getConnectionPoolSize() != null;
			case "max-item-size" -> this.overrides.getMaxItemSize() != null;
			default -> this.overrides.getGenerationCheckInterval() != null;
		};
		return (own ? "cache.backends." + this.cacheName + ".memcached." : "cache.memcached.") + name;
	}

	private PolycacheConfigurationException invalid(String name, Object value, String reason) {
		return new PolycacheConfigurationException(property(name), value, reason,
				"Change " + property(name) + ", or remove it to use the default.");
	}

}
