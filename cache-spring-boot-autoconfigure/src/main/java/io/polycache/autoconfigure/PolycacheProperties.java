package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.SerializerType;

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

	/** Which classes a serializer may instantiate when it reads a value back. */
	public static class Serialization {

		/**
		 * Packages whose classes may be read back, beyond the JDK's value types and the
		 * application's own packages (those of its @SpringBootApplication class).
		 */
		private List<String> allowedPackages = new ArrayList<>();

		public List<String> getAllowedPackages() {
			return this.allowedPackages;
		}

		public void setAllowedPackages(List<String> allowedPackages) {
			this.allowedPackages = allowedPackages;
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

		public FileSystem getFileSystem() {
			return this.fileSystem;
		}

	}

	/** The settings of a file-system cache. */
	public static class FileSystem {

		/**
		 * Directory under which the cache keeps its files, in a subdirectory named after
		 * the cache; created if missing, readable by its owner only. Several caches, and
		 * several applications, may share it. Defaults to "${java.io.tmpdir}/polycache".
		 */
		private @Nullable Path directory;

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

	}

}
