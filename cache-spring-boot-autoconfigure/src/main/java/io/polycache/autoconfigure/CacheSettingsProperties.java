package io.polycache.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.SerializerType;
import io.polycache.core.SingleFlightScope;

/**
 * The settings any cache can have, bound both under {@code cache.defaults} and under each
 * {@code cache.backends.<name>}. A setting left out ({@code null}) is not set at that
 * level: a cache takes it from {@code cache.defaults}, and failing that from the
 * {@code DEFAULT_*} values of {@link CacheSettings}, the one place those live.
 * <p>Mutable while properties are bound, read once at start-up; not thread-safe.
 */
public class CacheSettingsProperties {

	/** How long an entry lives after it is written; 0 means it never expires. */
	private @Nullable Duration ttl;

	/** The most entries a local-memory or file-system cache holds; 0 means unbounded. */
	private @Nullable Long maxEntries;

	/** Which entry a full local-memory or file-system cache evicts. */
	private @Nullable EvictionPolicy eviction;

	/** Whether a null value is cached; when false, putting null is an error. */
	private @Nullable Boolean cacheNullValues;

	/** Prepended to every key in stores shared between applications. */
	private @Nullable String keyPrefix;

	/** Part of every key in shared stores; bump it to orphan data written by older code. */
	private @Nullable Integer version;

	/** How shared stores, and local memory with store-by-value, keep values as bytes. */
	private @Nullable SerializerType serializer;

	/**
	 * Whether a failing store reads as a miss and a failed write is only logged; when false,
	 * store errors propagate to the caller.
	 */
	private @Nullable Boolean failOpen;

	/**
	 * How long calls to a redis or memcached cache fail at once after its server was found
	 * unreachable or too slow, before one call checks whether it is back; 0 turns this
	 * outage guard off.
	 */
	private @Nullable Duration outageWindow;

	/**
	 * Which concurrent loads of one key share one run of the loader: those in this JVM
	 * (instance), or those of every instance sharing a redis, memcached or file-system
	 * store (cluster).
	 */
	private @Nullable SingleFlightScope singleFlight;

	/**
	 * How long a cluster-wide load holds its key's lease: if its instance dies mid-load,
	 * another instance loads the key after this long. Set it above the slowest load.
	 */
	private @Nullable Duration singleFlightLease;

	/**
	 * A percentage, such as 10%, by which each write's TTL is shortened at random, so
	 * entries written together do not all expire together; 0 (the default) for none.
	 */
	private @Nullable String ttlJitter;

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

	public @Nullable SingleFlightScope getSingleFlight() {
		return this.singleFlight;
	}

	public void setSingleFlight(@Nullable SingleFlightScope singleFlight) {
		this.singleFlight = singleFlight;
	}

	public @Nullable Duration getSingleFlightLease() {
		return this.singleFlightLease;
	}

	public void setSingleFlightLease(@Nullable Duration singleFlightLease) {
		this.singleFlightLease = singleFlightLease;
	}

	public @Nullable String getTtlJitter() {
		return this.ttlJitter;
	}

	public void setTtlJitter(@Nullable String ttlJitter) {
		this.ttlJitter = ttlJitter;
	}

}
