package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.memcached.MemcachedProperties;

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
	@NestedConfigurationProperty
	private final MemcachedProperties memcached = new MemcachedProperties();

	/** How removals reach the application's CacheRemovalListener beans. */
	@NestedConfigurationProperty
	private final RemovalEventsProperties removalEvents = new RemovalEventsProperties();

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

	public MemcachedProperties getMemcached() {
		return this.memcached;
	}

	public RemovalEventsProperties getRemovalEvents() {
		return this.removalEvents;
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
		 * get(key, loader)) or computed by a @Cacheable method called through its proxy is
		 * reloaded in the background while still being served; 0 means never. Must be
		 * shorter than the TTL.
		 */
		private @Nullable Duration refreshAfter;

		/**
		 * How often every key loaded through a method or loader is reloaded in the
		 * background, whether it is read or not, while it has been read within
		 * auto-refresh-idle; 0 means never. Must be shorter than the TTL.
		 */
		private @Nullable Duration autoRefresh;

		/**
		 * How long after its last read a key stops being auto-refreshed. Defaults to 10
		 * times auto-refresh.
		 */
		private @Nullable Duration autoRefreshIdle;

		/**
		 * Whether local memory keeps a serialized copy of each value, so callers never share
		 * a mutable object with the cache. Shared stores always do.
		 */
		private @Nullable Boolean storeByValue;

		/**
		 * A local-memory tier in front of a redis, memcached or file-system cache.
		 */
		private final Near near = new Near();

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

		public @Nullable Duration getAutoRefresh() {
			return this.autoRefresh;
		}

		public void setAutoRefresh(@Nullable Duration autoRefresh) {
			this.autoRefresh = autoRefresh;
		}

		public @Nullable Duration getAutoRefreshIdle() {
			return this.autoRefreshIdle;
		}

		public void setAutoRefreshIdle(@Nullable Duration autoRefreshIdle) {
			this.autoRefreshIdle = autoRefreshIdle;
		}

		public @Nullable Boolean getStoreByValue() {
			return this.storeByValue;
		}

		public void setStoreByValue(@Nullable Boolean storeByValue) {
			this.storeByValue = storeByValue;
		}

		public Near getNear() {
			return this.near;
		}

	}

	/**
	 * The near tier of a cache on a shared store: a local-memory copy of the entries this
	 * instance read or wrote recently, so reads that hit it never reach the store.
	 */
	public static class Near {

		/**
		 * The most entries the near tier holds; 0 means no near tier.
		 */
		private long maxEntries;

		/**
		 * How long a near copy lives after it was read from the shared store; 0 means until it
		 * is invalidated or evicted. Defaults to the cache's TTL. On memcached and the file
		 * system, which cannot tell other instances about a change, it is how long a near copy
		 * may lag behind the store, and must be set.
		 */
		private @Nullable Duration ttl;

		/**
		 * Which entry a full near tier evicts.
		 */
		private EvictionPolicy eviction = CacheSettings.DEFAULT_EVICTION;

		public long getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(long maxEntries) {
			this.maxEntries = maxEntries;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public EvictionPolicy getEviction() {
			return this.eviction;
		}

		public void setEviction(EvictionPolicy eviction) {
			this.eviction = eviction;
		}

	}

}
