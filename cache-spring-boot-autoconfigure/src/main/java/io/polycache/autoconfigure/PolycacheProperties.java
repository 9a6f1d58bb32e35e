package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Polycache's configuration: the named caches under {@code cache.backends} and the
 * defaults they inherit from {@code cache.defaults}.
 */
@ConfigurationProperties("cache")
public class PolycacheProperties {

	/**
	 * Whether caching is on. When false, every configured cache caches nothing, while
	 * its name still resolves.
	 */
	private boolean enabled = true;

	/** Settings every cache inherits unless it sets its own. */
	@NestedConfigurationProperty
	private final CacheSettingsProperties defaults = new CacheSettingsProperties();

	/** The caches, by name; each becomes a cache and a "<name>CacheManager" bean. */
	private final Map<String, Backend> backends = new LinkedHashMap<>();

	/** How values are read back from stores that keep bytes. */
	@NestedConfigurationProperty
	private final SerializationProperties serialization = new SerializationProperties();

	/** The memcached client that memcached caches share unless they override its settings. */
	private final Memcached memcached = new Memcached();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public CacheSettingsProperties getDefaults() {
		return this.defaults;
	}

	public Map<String, Backend> getBackends() {
		return this.backends;
	}

	public SerializationProperties getSerialization() {
		return this.serialization;
	}

	public Memcached getMemcached() {
		return this.memcached;
	}

	/** The shared memcached client, and how memcached caches use it. */
	public static class Memcached {

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

	/**
	 * One named cache: the settings any cache can have, each one left out inherited from
	 * {@code cache.defaults}, plus what only a named cache has.
	 */
	public static class Backend extends CacheSettingsProperties {

		/**
		 * Where the cache keeps its entries: local-memory, file-system, memcached, redis,
		 * none, or the type of a BackendProvider bean of the application.
		 */
		private String type = BuiltInBackends.LOCAL_MEMORY;

		/**
		 * Age after which a value loaded through a loader (@Cacheable(sync = true),
		 * get(key, loader), async methods) is reloaded in the background while still being
		 * served; 0 means never. Must be shorter than the TTL.
		 */
		private @Nullable Duration refreshAfter;

		/**
		 * Whether local memory keeps a serialized copy of each value, so callers never share
		 * a mutable object with the cache. Shared stores always do.
		 */
		private @Nullable Boolean storeByValue;

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			this.type = type;
		}

		public @Nullable Duration getRefreshAfter() {
			return this.refreshAfter;
		}

		public void setRefreshAfter(@Nullable Duration refreshAfter) {
			this.refreshAfter = refreshAfter;
		}

		public @Nullable Boolean getStoreByValue() {
			return this.storeByValue;
		}

		public void setStoreByValue(@Nullable Boolean storeByValue) {
			this.storeByValue = storeByValue;
		}

	}

}
