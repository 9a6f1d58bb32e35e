package io.polycache.core;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * The immutable settings of one cache, resolved from its own configuration and the
 * shared defaults. One cache's settings can never change another's.
 *
 * @param name the cache name, as used in {@code @Cacheable}
 * @param ttl how long an entry lives after it is written; {@link Duration#ZERO} means forever
 * @param maxEntries the most entries a bounded store holds; {@code 0} means unbounded
 * @param eviction which entry a full bounded store evicts
 * @param cacheNullValues whether {@code null} is cached (as a marker) or refused
 * @param keyPrefix prepended to every key in stores shared between applications
 * @param version part of every key in shared stores; bumping it orphans old data
 * @param refreshAfter age after which a loaded value is reloaded in the background while
 * still being served; {@link Duration#ZERO} means never
 * @param storeByValue whether local memory keeps serialized copies instead of the objects
 * @param serializer how values become bytes in stores that keep bytes
 * @param failOpen whether a failing store reads as a miss and drops writes, instead of
 * throwing
 * @param outageWindow how long calls to a remote store fail at once after it was found
 * unreachable, before one call probes it again (see {@code OutageGuardStore});
 * {@link Duration#ZERO} means no guard
 * @param near the local-memory tier in front of a shared store; {@link NearSettings#OFF}
 * for none
 * @param singleFlight whether concurrent loads of a key share one run of the loader within
 * this JVM or across every instance sharing the store
 * @param singleFlightLease how long a cluster-wide load holds its key's lease: if its
 * instance dies mid-load, another loads after this long
 * @param autoRefresh how often every key loaded through a method or loader is reloaded in
 * the background; {@link Duration#ZERO} means never
 * @param autoRefreshIdle how long after its last read a key stops being auto-refreshed
 * @param ttlJitter the fraction, from 0 (none) up to but excluding 1, by which each
 * write's TTL is shortened at random, so entries written together do not expire together
 */
public record CacheSettings(String name, Duration ttl, long maxEntries, EvictionPolicy eviction,
		boolean cacheNullValues, String keyPrefix, int version, Duration refreshAfter, boolean storeByValue,
		SerializerType serializer, boolean failOpen, Duration outageWindow, NearSettings near,
		SingleFlightScope singleFlight, Duration singleFlightLease, Duration autoRefresh, Duration autoRefreshIdle,
		double ttlJitter) {

	/** Entries never expire unless a TTL is set. */
	public static final Duration DEFAULT_TTL = Duration.ZERO;

	/** A bounded store holds at most this many entries unless told otherwise. */
	public static final long DEFAULT_MAX_ENTRIES = 10_000;

	/** A full bounded store evicts the entry used least recently. */
	public static final EvictionPolicy DEFAULT_EVICTION = EvictionPolicy.LRU;

	/** {@code null} is cached, as a marker. */
	public static final boolean DEFAULT_CACHE_NULL_VALUES = true;

	/** No prefix before the keys in shared stores. */
	public static final String DEFAULT_KEY_PREFIX = "";

	/** The version part of every key in shared stores. */
	public static final int DEFAULT_VERSION = 1;

	/** Loaded values are not refreshed in the background. */
	public static final Duration DEFAULT_REFRESH_AFTER = Duration.ZERO;

	/** Local memory keeps the objects themselves, not serialized copies. */
	public static final boolean DEFAULT_STORE_BY_VALUE = false;

	/** Values become bytes through JDK serialization. */
	public static final SerializerType DEFAULT_SERIALIZER = SerializerType.JDK;

	/** A failing store reads as a miss and its failed writes are logged. */
	public static final boolean DEFAULT_FAIL_OPEN = true;

	/** After an outage is detected, calls fail at once for one second before a probe. */
	public static final Duration DEFAULT_OUTAGE_WINDOW = Duration.ofSeconds(1);

	/** Concurrent loads of a key share one run of the loader within this JVM. */
	public static final SingleFlightScope DEFAULT_SINGLE_FLIGHT = SingleFlightScope.INSTANCE;

	/** A cluster-wide load whose instance died is taken over after 30 seconds. */
	public static final Duration DEFAULT_SINGLE_FLIGHT_LEASE = Duration.ofSeconds(30);

	/** Loaded keys are not reloaded on a timer. */
	public static final Duration DEFAULT_AUTO_REFRESH = Duration.ZERO;

	/** A key not read for this many auto-refresh periods stops being refreshed. */
	public static final int DEFAULT_AUTO_REFRESH_IDLE_PERIODS = 10;

	/** Every write gets the TTL it asks for. */
	public static final double DEFAULT_TTL_JITTER = 0;

	/**
	 * Keeps the invariants of a programmatically built value; configuration properties are
	 * checked earlier, with the property's name, by the auto-configuration.
	 */
	public CacheSettings {
		Assert.hasText(name, "Cache name must not be empty");
		Assert.isTrue(!ttl.isNegative(), () -> "TTL of cache '" + name + "' must not be negative: " + ttl);
		Assert.isTrue(maxEntries >= 0, () -> "max-entries of cache '" + name + "' must not be negative: " + maxEntries);
		Assert.isTrue(!refreshAfter.isNegative(),
				() -> "refresh-after of cache '" + name + "' must not be negative: " + refreshAfter);
		Assert.isTrue(!outageWindow.isNegative(),
				() -> "outage-window of cache '" + name + "' must not be negative: " + outageWindow);
		Assert.isTrue(!singleFlightLease.isNegative() && !singleFlightLease.isZero(),
				() -> "single-flight-lease of cache '" + name + "' must be positive: " + singleFlightLease);
		Assert.isTrue(!autoRefresh.isNegative(),
				() -> "auto-refresh of cache '" + name + "' must not be negative: " + autoRefresh);
		Assert.isTrue(!autoRefreshIdle.isNegative(),
				() -> "auto-refresh-idle of cache '" + name + "' must not be negative: " + autoRefreshIdle);
		Assert.isTrue(ttlJitter >= 0 && ttlJitter < 1,
				() -> "ttl-jitter of cache '" + name + "' must be at least 0 and below 1: " + ttlJitter);
	}

	/** Settings with the {@code DEFAULT_*} values of this class. */
	public static CacheSettings defaults(String name) {
		return builder(name).build();
	}

	/** A builder starting from the {@code DEFAULT_*} values of this class. */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/** A builder starting from these settings. */
	public Builder toBuilder() {
		return new Builder(this.name).ttl(this.ttl)
			.maxEntries(this.maxEntries)
			.eviction(this.eviction)
			.cacheNullValues(this.cacheNullValues)
			.keyPrefix(this.keyPrefix)
			.version(this.version)
			.refreshAfter(this.refreshAfter)
			.storeByValue(this.storeByValue)
			.serializer(this.serializer)
			.failOpen(this.failOpen)
			.outageWindow(this.outageWindow)
			.near(this.near)
			.singleFlight(this.singleFlight)
			.singleFlightLease(this.singleFlightLease)
			.autoRefresh(this.autoRefresh)
			.autoRefreshIdle(this.autoRefreshIdle)
			.ttlJitter(this.ttlJitter);
	}

	/** Whether values loaded through a loader are refreshed in the background. */
	public boolean refreshes() {
		return !this.refreshAfter.isZero();
	}

	/** Whether loaded keys are reloaded on a timer. */
	public boolean autoRefreshes() {
		return !this.autoRefresh.isZero();
	}

	/**
	 * How long after its last read a key stops being auto-refreshed: {@code autoRefreshIdle},
	 * or {@value #DEFAULT_AUTO_REFRESH_IDLE_PERIODS} periods when that is zero.
	 */
	public Duration effectiveAutoRefreshIdle() {
		return this.autoRefreshIdle.isZero() ? this.autoRefresh.multipliedBy(DEFAULT_AUTO_REFRESH_IDLE_PERIODS)
				: this.autoRefreshIdle;
	}

	/** Whether loads of a key are shared across every instance of the store. */
	public boolean clusterSingleFlight() {
		return this.singleFlight == SingleFlightScope.CLUSTER;
	}

	/** Builds {@link CacheSettings}; not thread-safe. */
	public static final class Builder {

		private final String name;

		private Duration ttl = DEFAULT_TTL;

		private long maxEntries = DEFAULT_MAX_ENTRIES;

		private EvictionPolicy eviction = DEFAULT_EVICTION;

		private boolean cacheNullValues = DEFAULT_CACHE_NULL_VALUES;

		private String keyPrefix = DEFAULT_KEY_PREFIX;

		private int version = DEFAULT_VERSION;

		private Duration refreshAfter = DEFAULT_REFRESH_AFTER;

		private boolean storeByValue = DEFAULT_STORE_BY_VALUE;

		private SerializerType serializer = DEFAULT_SERIALIZER;

		private boolean failOpen = DEFAULT_FAIL_OPEN;

		private Duration outageWindow = DEFAULT_OUTAGE_WINDOW;

		private NearSettings near = NearSettings.OFF;

		private SingleFlightScope singleFlight = DEFAULT_SINGLE_FLIGHT;

		private Duration singleFlightLease = DEFAULT_SINGLE_FLIGHT_LEASE;

		private Duration autoRefresh = DEFAULT_AUTO_REFRESH;

		private Duration autoRefreshIdle = Duration.ZERO;

		private double ttlJitter = DEFAULT_TTL_JITTER;

		private Builder(String name) {
			this.name = name;
		}

		public Builder ttl(Duration ttl) {
			this.ttl = ttl;
			return this;
		}

		public Builder maxEntries(long maxEntries) {
			this.maxEntries = maxEntries;
			return this;
		}

		public Builder eviction(EvictionPolicy eviction) {
			this.eviction = eviction;
			return this;
		}

		public Builder cacheNullValues(boolean cacheNullValues) {
			this.cacheNullValues = cacheNullValues;
			return this;
		}

		public Builder keyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
			return this;
		}

		public Builder version(int version) {
			this.version = version;
			return this;
		}

		public Builder refreshAfter(Duration refreshAfter) {
			this.refreshAfter = refreshAfter;
			return this;
		}

		public Builder storeByValue(boolean storeByValue) {
			this.storeByValue = storeByValue;
			return this;
		}

		public Builder serializer(SerializerType serializer) {
			this.serializer = serializer;
			return this;
		}

		public Builder failOpen(boolean failOpen) {
			this.failOpen = failOpen;
			return this;
		}

		public Builder outageWindow(Duration outageWindow) {
			this.outageWindow = outageWindow;
			return this;
		}

		public Builder near(NearSettings near) {
			this.near = near;
			return this;
		}

		public Builder singleFlight(SingleFlightScope singleFlight) {
			this.singleFlight = singleFlight;
			return this;
		}

		public Builder singleFlightLease(Duration singleFlightLease) {
			this.singleFlightLease = singleFlightLease;
			return this;
		}

		public Builder autoRefresh(Duration autoRefresh) {
			this.autoRefresh = autoRefresh;
			return this;
		}

		/** Zero means {@value CacheSettings#DEFAULT_AUTO_REFRESH_IDLE_PERIODS} auto-refresh periods. */
		public Builder autoRefreshIdle(Duration autoRefreshIdle) {
			this.autoRefreshIdle = autoRefreshIdle;
			return this;
		}

		/** A fraction from 0 up to but excluding 1: 0.1 for {@code ttl-jitter: 10%}. */
		public Builder ttlJitter(double ttlJitter) {
			this.ttlJitter = ttlJitter;
			return this;
		}

		public CacheSettings build() {
			return new CacheSettings(this.name, this.ttl, this.maxEntries, this.eviction, this.cacheNullValues,
					this.keyPrefix, this.version, this.refreshAfter, this.storeByValue, this.serializer, this.failOpen,
					this.outageWindow, this.near, this.singleFlight, this.singleFlightLease, this.autoRefresh,
					this.autoRefreshIdle, this.ttlJitter);
		}

	}

}
