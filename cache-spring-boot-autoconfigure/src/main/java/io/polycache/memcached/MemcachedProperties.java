package io.polycache.memcached;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * The memcached client that memcached caches share, {@code cache.memcached.*}, and how they
 * use it; a cache's own {@link MemcachedCacheProperties} override it.
 */
public class MemcachedProperties {

	/** The memcached servers, as host:port; with several, keys are spread by consistent hashing. */
	private List<String> servers = new ArrayList<>(List.of("localhost:11211"));

	/** How long one memcached operation may take; a slower one fails (a miss under fail-open). */
	private Duration operationTimeout = Duration.ofMillis(500);

	/** How many connections the client keeps to each memcached server. */
	private int connectionPoolSize = 1;

	/** The largest item the servers store (their -I option); larger values are refused before they are sent. */
	private DataSize maxItemSize = DataSize.ofMegabytes(1);

	/**
	 * How often each application instance re-reads a cache's namespace generation: a
	 * clear made by another instance takes effect here within this interval.
	 */
	private Duration generationCheckInterval = Duration.ofSeconds(1);

	public List<String> getServers() {
		return this.servers;
	}

	public void setServers(List<String> servers) {
		this.servers = servers;
	}

	public Duration getOperationTimeout() {
		return this.operationTimeout;
	}

	public void setOperationTimeout(Duration operationTimeout) {
		this.operationTimeout = operationTimeout;
	}

	public int getConnectionPoolSize() {
		return this.connectionPoolSize;
	}

	public void setConnectionPoolSize(int connectionPoolSize) {
		this.connectionPoolSize = connectionPoolSize;
	}

	public DataSize getMaxItemSize() {
		return this.maxItemSize;
	}

	public void setMaxItemSize(DataSize maxItemSize) {
		this.maxItemSize = maxItemSize;
	}

	public Duration getGenerationCheckInterval() {
		return this.generationCheckInterval;
	}

	public void setGenerationCheckInterval(Duration generationCheckInterval) {
		this.generationCheckInterval = generationCheckInterval;
	}

}
