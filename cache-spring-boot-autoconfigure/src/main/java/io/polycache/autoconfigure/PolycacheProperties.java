package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.SerializerType;
import io.polycache.internal.SerializationLimits;

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
	private final Defaults defaults = new Defaults();

	/** The caches, by name; each becomes a cache and a "<name>CacheManager" bean. */
	private final Map<String, Backend> backends = new LinkedHashMap<>();

	/** How values are read back from stores that keep bytes. */
	private final Serialization serialization = new Serialization();

	/** The memcached client that memcached caches share unless they override its settings. */
	private final Memcached memcached = new Memcached();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Defaults getDefaults() {
		return this.defaults;
	}

	public Map<String, Backend> getBackends() {
		return this.backends;
	}

	public Serialization getSerialization() {
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
	 * Which classes a serializer may instantiate when it reads a value back, and how much
	 * reading one value may cost; a value beyond a limit reads as a miss and is removed.
	 */
	public static class Serialization {

		/**
		 * Packages whose classes may be read back, beyond the JDK's value types and the
		 * application's own packages (those of its @SpringBootApplication class).
		 */
		private List<String> allowedPackages = new ArrayList<>();

		/** The largest value read back or written; longer stored values are a miss without decoding. */
		private DataSize maxBytes = DataSize.ofBytes(SerializationLimits.DEFAULT_MAX_BYTES);

		/** How deeply objects (jdk) or arrays and objects (json) in one value may nest. */
		private int maxDepth = SerializationLimits.DEFAULT_MAX_DEPTH;

		/** How many objects and references to objects one jdk value may hold; for json, how many tokens. */
		private long maxReferences = SerializationLimits.DEFAULT_MAX_REFERENCES;

		/** The longest array one jdk value may create. */
		private int maxArrayLength = SerializationLimits.DEFAULT_MAX_ARRAY_LENGTH;

		/**
		 * How many objects one jdk value may expand to when each reference to a shared
		 * object counts it again; bounds the hashing work of sets built from shared parts.
		 */
		private long maxExpandedObjects = SerializationLimits.DEFAULT_MAX_EXPANDED_OBJECTS;

		/** How long reading one jdk value may take before it is abandoned as a miss. */
		private Duration maxReadTime = SerializationLimits.DEFAULT_MAX_READ_TIME;

		public List<String> getAllowedPackages() {
			return this.allowedPackages;
		}

		public void setAllowedPackages(List<String> allowedPackages) {
			this.allowedPackages = allowedPackages;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public int getMaxDepth() {
			return this.maxDepth;
		}

		public void setMaxDepth(int maxDepth) {
			this.maxDepth = maxDepth;
		}

		public long getMaxReferences() {
			return this.maxReferences;
		}

		public void setMaxReferences(long maxReferences) {
			this.maxReferences = maxReferences;
		}

		public int getMaxArrayLength() {
			return this.maxArrayLength;
		}

		public void setMaxArrayLength(int maxArrayLength) {
			this.maxArrayLength = maxArrayLength;
		}

		public long getMaxExpandedObjects() {
			return this.maxExpandedObjects;
		}

		public void setMaxExpandedObjects(long maxExpandedObjects) {
			this.maxExpandedObjects = maxExpandedObjects;
		}

		public Duration getMaxReadTime() {
			return this.maxReadTime;
		}

		public void setMaxReadTime(Duration maxReadTime) {
			this.maxReadTime = maxReadTime;
		}

	}

	/** The settings every cache inherits. */
	public static class Defaults {

		/** How long an entry lives after it is written; 0 means it never expires. */
		private Duration ttl = Duration.ZERO;

		/** The most entries a local-memory or file-system cache holds; 0 means unbounded. */
		private long maxEntries = 10_000;

		/** Which entry a full local-memory or file-system cache evicts. */
		private EvictionPolicy eviction = EvictionPolicy.LRU;

		/** Whether a null value is cached; when false, putting null is an error. */
		private boolean cacheNullValues = true;

		/** Prepended to every key in stores shared between applications. */
		private String keyPrefix = "";

		/** Part of every key in shared stores; bump it to orphan data written by older code. */
		private int version = 1;

		/** How shared stores, and local memory with store-by-value, keep values as bytes. */
		private SerializerType serializer = SerializerType.JDK;

		/**
		 * Whether a failing store reads as a miss and a failed write is only logged; when
		 * false, store errors propagate to the caller.
		 */
		private boolean failOpen = true;

		/**
		 * How long calls to a redis or memcached cache fail at once after its server was
		 * found unreachable or too slow, before one call checks whether it is back; 0 turns
		 * this outage guard off.
		 */
		private Duration outageWindow = Duration.ofSeconds(1);

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public long getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(long maxEntries) {
			this.maxEntries = maxEntries;
		}

		public EvictionPolicy getEviction() {
			return this.eviction;
		}

		public void setEviction(EvictionPolicy eviction) {
			this.eviction = eviction;
		}

		public boolean isCacheNullValues() {
			return this.cacheNullValues;
		}

		public void setCacheNullValues(boolean cacheNullValues) {
			this.cacheNullValues = cacheNullValues;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public int getVersion() {
			return this.version;
		}

		public void setVersion(int version) {
			this.version = version;
		}

		public SerializerType getSerializer() {
			return this.serializer;
		}

		public void setSerializer(SerializerType serializer) {
			this.serializer = serializer;
		}

		public boolean isFailOpen() {
			return this.failOpen;
		}

		public void setFailOpen(boolean failOpen) {
			this.failOpen = failOpen;
		}

		public Duration getOutageWindow() {
			return this.outageWindow;
		}

		public void setOutageWindow(Duration outageWindow) {
			this.outageWindow = outageWindow;
		}

	}

	/** One named cache. Every setting left out is inherited from {@code cache.defaults}. */
	public static class Backend {

		/** Where the cache keeps its entries. */
		private BackendType type = BackendType.LOCAL_MEMORY;

		/** How long an entry lives after it is written; 0 means it never expires. */
		private @Nullable Duration ttl;

		/** The most entries the cache holds; 0 means unbounded. Local-memory and file-system only. */
		private @Nullable Long maxEntries;

		/** Which entry a full cache evicts. Local-memory and file-system only. */
		private @Nullable EvictionPolicy eviction;

		/** Whether a null value is cached; when false, putting null is an error. */
		private @Nullable Boolean cacheNullValues;

		/** Prepended to every key in stores shared between applications. */
		private @Nullable String keyPrefix;

		/** Part of every key in shared stores; bump it to orphan data written by older code. */
		private @Nullable Integer version;

		/**
		 * Age after which a value loaded through a loader (@Cacheable(sync = true),
		 * get(key, loader), async methods) is reloaded in the background while still being
		 * served; 0 means never. Must be shorter than the TTL.
		 */
		private Duration refreshAfter = Duration.ZERO;

		/**
		 * Whether local memory keeps a serialized copy of each value, so callers never share
		 * a mutable object with the cache. Shared stores always do.
		 */
		private boolean storeByValue;

		/** How values become bytes, for shared stores and store-by-value. */
		private @Nullable SerializerType serializer;

		/** Whether a failing store reads as a miss and a failed write is only logged. */
		private @Nullable Boolean failOpen;

		/**
		 * How long calls fail at once after the server was found unreachable, before one
		 * call checks whether it is back; 0 turns the guard off. Redis and memcached only.
		 */
		private @Nullable Duration outageWindow;

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

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable Long getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(@Nullable Long maxEntries) {
			this.maxEntries = maxEntries;
		}

		public @Nullable EvictionPolicy getEviction() {
			return this.eviction;
		}

		public void setEviction(@Nullable EvictionPolicy eviction) {
			this.eviction = eviction;
		}

		public @Nullable Boolean getCacheNullValues() {
			return this.cacheNullValues;
		}

		public void setCacheNullValues(@Nullable Boolean cacheNullValues) {
			this.cacheNullValues = cacheNullValues;
		}

		public @Nullable String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(@Nullable String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public @Nullable Integer getVersion() {
			return this.version;
		}

		public void setVersion(@Nullable Integer version) {
			this.version = version;
		}

		public Duration getRefreshAfter() {
			return this.refreshAfter;
		}

		public void setRefreshAfter(Duration refreshAfter) {
			this.refreshAfter = refreshAfter;
		}

		public boolean isStoreByValue() {
			return this.storeByValue;
		}

		public void setStoreByValue(boolean storeByValue) {
			this.storeByValue = storeByValue;
		}

		public @Nullable SerializerType getSerializer() {
			return this.serializer;
		}

		public void setSerializer(@Nullable SerializerType serializer) {
			this.serializer = serializer;
		}

		public @Nullable Boolean getFailOpen() {
			return this.failOpen;
		}

		public void setFailOpen(@Nullable Boolean failOpen) {
			this.failOpen = failOpen;
		}

		public @Nullable Duration getOutageWindow() {
			return this.outageWindow;
		}

		public void setOutageWindow(@Nullable Duration outageWindow) {
			this.outageWindow = outageWindow;
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
		private Duration lockTimeout = Duration.ofSeconds(5);

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
