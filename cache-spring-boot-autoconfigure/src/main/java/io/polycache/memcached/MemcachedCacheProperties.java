package io.polycache.memcached;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * One memcached cache's own client settings, {@code cache.backends.<name>.memcached.*},
 * bound by {@link MemcachedProvider}; each one left out is taken from
 * {@code cache.memcached}. A cache that overrides any of the client's settings gets its
 * own client, shared only with caches that override them alike.
 */
public class MemcachedCacheProperties {

	/** This cache's memcached servers, as host:port, instead of cache.memcached.servers. */
	private @Nullable List<String> servers;

	/** How long one operation of this cache may take, instead of cache.memcached.operation-timeout. */
	private @Nullable Duration operationTimeout;

	/** Connections to each server, instead of cache.memcached.connection-pool-size. */
	private @Nullable Integer connectionPoolSize;

	/** The servers' item size limit, instead of cache.memcached.max-item-size. */
	private @Nullable DataSize maxItemSize;

	/** How often this cache's generation is re-read, instead of cache.memcached.generation-check-interval. */
	private @Nullable Duration generationCheckInterval;

	/** Whether any setting is overridden. */
	public boolean overridesAny() {
		return this.servers != null || this.operationTimeout != null || this.connectionPoolSize != null
				|| this.maxItemSize != null || this.generationCheckInterval != null;
	}

	public @Nullable List<String> getServers() {
		return this.servers;
	}

	public void setServers(@Nullable List<String> servers) {
		this.servers = servers;
	}

	public @Nullable Duration getOperationTimeout() {
		return this.operationTimeout;
	}

	public void setOperationTimeout(@Nullable Duration operationTimeout) {
		this.operationTimeout = operationTimeout;
	}

	public @Nullable Integer getConnectionPoolSize() {
		return this.connectionPoolSize;
	}

	public void setConnectionPoolSize(@Nullable Integer connectionPoolSize) {
		this.connectionPoolSize = connectionPoolSize;
	}

	public @Nullable DataSize getMaxItemSize() {
		return this.maxItemSize;
	}

	public void setMaxItemSize(@Nullable DataSize maxItemSize) {
		this.maxItemSize = maxItemSize;
	}

	public @Nullable Duration getGenerationCheckInterval() {
		return this.generationCheckInterval;
	}

	public void setGenerationCheckInterval(@Nullable Duration generationCheckInterval) {
		this.generationCheckInterval = generationCheckInterval;
	}

}
