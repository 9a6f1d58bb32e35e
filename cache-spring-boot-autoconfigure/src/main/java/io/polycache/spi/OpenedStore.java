package io.polycache.spi;

import org.jspecify.annotations.Nullable;


/**
 * A store a {@link BackendProvider} opened, with how application keys and values become
 * what it holds. Typed end to end: a store of bytes gets a codec to bytes, a store of
 * objects one to objects, and nothing is cast at run time.
 *
 * @param store the store
 * @param keys how application keys become its keys
 * @param codec how values become what it holds
 * @param invalidations where the store announces its changes to every instance's near
 * tier, for a cache with one on a backend that pushes invalidations; {@code null} otherwise
 * @param leases the leases of the store, for a backend that holds them; {@code null}
 * otherwise
 * @param <K> the store's key type
 * @param <V> the store's value type
 */
public record OpenedStore<K, V>(CacheStore<K, V> store, KeyMapper<K> keys, ValueCodec<V> codec,
		@Nullable InvalidationChannel invalidations, @Nullable Leases leases) {

	/** A store that holds no leases. */
	public OpenedStore(CacheStore<K, V> store, KeyMapper<K> keys, ValueCodec<V> codec,
			@Nullable InvalidationChannel invalidations) {
		this(store, keys, codec, invalidations, null);
	}

	/** A store that announces no changes and holds no leases. */
	public OpenedStore(CacheStore<K, V> store, KeyMapper<K> keys, ValueCodec<V> codec) {
		this(store, keys, codec, null, null);
	}

	/** This store, with these leases. */
	public OpenedStore<K, V> withLeases(@Nullable Leases leases) {
		return new OpenedStore<>(this.store, this.keys, this.codec, this.invalidations, leases);
	}

	/** This store in a wrapper (fail-open, the outage guard), with everything else kept. */
	public OpenedStore<K, V> withStore(CacheStore<K, V> store) {
		return new OpenedStore<>(store, this.keys, this.codec, this.invalidations, this.leases);
	}

	/** A store of objects in this JVM, keys and values used as they are. */
	public static OpenedStore<Object, Object> objects(CacheStore<Object, Object> store) {
		return new OpenedStore<>(store, KeyMapper.identity(), ValueCodec.identity());
	}

	/**
	 * A store of bytes shared between processes: keys in the cache's
	 * {@link KeyNamespace}, values through its serializer.
	 */
	public static OpenedStore<String, byte[]> shared(ByteStore store, StoreContext context) {
		return new OpenedStore<>(store, context.namespace().keys(), context.serializer());
	}

}
