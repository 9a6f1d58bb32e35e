package io.polycache.autoconfigure;

import java.util.Locale;

/**
 * Where a cache keeps its entries, as written in {@code cache.backends.<name>.type}.
 */
public enum BackendType {

	/** In this JVM's heap; bounded, with all six eviction policies. */
	LOCAL_MEMORY(true, "it is built in"),

	/** One file per entry under a directory; survives restarts. */
	FILE_SYSTEM(true, "it is built in"),

	/** A memcached cluster; the server evicts. */
	MEMCACHED(false, "it needs the xmemcached client, which is not on the classpath. "
			+ "Add the dependency com.googlecode.xmemcached:xmemcached (2.4.9 or later)"),

	/** A redis server or cluster; the server evicts. */
	REDIS(false, "it needs Spring Data Redis, which is not on the classpath. Add the dependency "
			+ "org.springframework.boot:spring-boot-starter-data-redis and configure spring.data.redis.*"),

	/** Caches nothing: every read is a miss. */
	NONE(true, "it is built in");

	private final boolean boundedHere;

	private final String requirement;

	BackendType(boolean boundedHere, String requirement) {
		this.boundedHere = boundedHere;
		this.requirement = requirement;
	}

	/** Whether {@code max-entries} and {@code eviction} mean anything for this backend. */
	boolean isBoundedHere() {
		return this.boundedHere;
	}

	/** What the application needs for this backend, said when it is missing. */
	String requirement() {
		return this.requirement;
	}

	/** The name as written in configuration, such as {@code local-memory}. */
	String propertyValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
