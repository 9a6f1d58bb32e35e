package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.polycache.core.EvictionPolicy;

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

	}

}
