package io.polycache.autoconfigure;

/**
 * Where a cache keeps its entries, as written in {@code cache.backends.<name>.type}.
 */
public enum BackendType {

	/** In this JVM's heap; bounded, with all six eviction policies. */
	LOCAL_MEMORY(true, true),

	/** One file per entry under a directory; survives restarts. Not available yet. */
	FILE_SYSTEM(true, false),

	/** A memcached cluster; the server evicts. Not available yet. */
	MEMCACHED(false, false),

	/** A redis server or cluster; the server evicts. Not available yet. */
	REDIS(false, false),

	/** Caches nothing: every read is a miss. */
	NONE(true, true);

	private final boolean boundedHere;

	private final boolean available;

	BackendType(boolean boundedHere, boolean available) {
		this.boundedHere = boundedHere;
		this.available = available;
	}

	/** Whether {@code max-entries} and {@code eviction} mean anything for this backend. */
	boolean isBoundedHere() {
		return this.boundedHere;
	}

	/** Whether this version of Polycache ships the backend. */
	boolean isAvailable() {
		return this.available;
	}

	/** The name as written in configuration, such as {@code local-memory}. */
	String propertyValue() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
