package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import io.polycache.file.FileStores;

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
	 * One memcached cache's own client settings; each one left out is taken from
	 * {@code cache.memcached}. A cache that overrides any of the client's settings gets its
	 * own client, shared only with caches that override them alike.
	 */
	public static class MemcachedOverrides {

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
		boolean isSet() {
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

	/**
	 * One named cache: the settings any cache can have, each one left out inherited from
	 * {@code cache.defaults}, plus what only a named cache has.
	 */
	public static class Backend extends CacheSettingsProperties {

		/** Where the cache keeps its entries. */
		private BackendType type = BackendType.LOCAL_MEMORY;

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

		/** This cache's own memcached client settings. Memcached only. */
		private final MemcachedOverrides memcached = new MemcachedOverrides();

		/** Where a file-system cache keeps its files. */
		private final FileSystem fileSystem = new FileSystem();

		public BackendType getType() {
			return this.type;
		}

		public void setType(BackendType type) {
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

		public MemcachedOverrides getMemcached() {
			return this.memcached;
		}

		public FileSystem getFileSystem() {
			return this.fileSystem;
		}

	}

	/** The settings of a file-system cache. */
	public static class FileSystem {

		/**
		 * Directory under which the cache keeps its files, in a subdirectory named after
		 * the cache; created owner-only if missing. It and the subdirectory must be real
		 * directories (not links) owned by the application's user and not writable by
		 * group or others, or start-up fails. Several caches, and several applications of
		 * one user, may share it. Defaults to "$XDG_CACHE_HOME/polycache", or
		 * "${user.home}/.cache/polycache" when XDG_CACHE_HOME is not set.
		 */
		private @Nullable Path directory;

		/**
		 * How long a write, eviction or size count waits for the directory's lock, held
		 * by another process or context, before it fails (and, with fail-open, is logged
		 * and dropped).
		 */
		private Duration lockTimeout = FileStores.DEFAULT_LOCK_TIMEOUT;

		/**
		 * Whether every write waits until it is on the disk (fsync of the entry file before
		 * it is moved into place and of its directory after), so that it survives an
		 * operating system crash or power loss and not only a process crash. Costs two
		 * waits for the disk per write.
		 */
		private boolean fsync;

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public Duration getLockTimeout() {
			return this.lockTimeout;
		}

		public void setLockTimeout(Duration lockTimeout) {
			this.lockTimeout = lockTimeout;
		}

		public boolean isFsync() {
			return this.fsync;
		}

		public void setFsync(boolean fsync) {
			this.fsync = fsync;
		}

	}

}
