package io.polycache.spi;

import java.time.Clock;

import io.polycache.core.CacheSettings;

/**
 * What a {@link BackendProvider} gets to open the store of one cache: its settings, the
 * shared infrastructure, and its own property group.
 */
public interface StoreContext {

	/** The cache's resolved settings. */
	CacheSettings settings();

	/** The time source for TTLs. */
	Clock clock();

	/** Where the store reports the evictions and expirations it does itself. */
	StoreEvents events();

	/** Where the cache's keys live in a store shared between processes. */
	KeyNamespace namespace();

	/** The cache's serializer ({@code serializer}, with {@code cache.serialization.*} limits), as a codec to bytes. */
	ValueCodec<byte[]> serializer();

	/**
	 * The provider's property group ({@link BackendProvider#propertyGroup()}) of this
	 * cache, {@code cache.backends.<name>.<group>.*}, bound to a new instance of
	 * {@code type} (a JavaBean with a public no-argument constructor, or a record), which
	 * keeps its defaults where nothing is set.
	 */
	<T> T properties(Class<T> type);

	/** {@code cache.backends.<name>.}: the start of every property of this cache, for messages. */
	default String propertyPrefix() {
		return "cache.backends." + settings().name() + ".";
	}

}
