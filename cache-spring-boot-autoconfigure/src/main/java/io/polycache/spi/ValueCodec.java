package io.polycache.spi;

import org.springframework.cache.support.NullValue;

import io.polycache.core.ValueSerializationException;
import io.polycache.core.ValueSerializer;
import io.polycache.internal.IdentityCodec;
import io.polycache.internal.SerializationLimits;
import io.polycache.internal.SerializingCodec;
import io.polycache.internal.StoreCache;

/**
 * How {@link StoreCache} turns its values into what a store holds, and back: the objects
 * themselves for stores that live in this JVM ({@link #identity()}), bytes for stores
 * that keep bytes ({@link #serializing(ValueSerializer)}).
 * <p>A value may be {@link NullValue#INSTANCE} (a cached {@code null}) or a {@link Loaded}
 * (a value with its load time, for refresh-ahead); both survive the round trip.
 * @param <V> the type of what the store holds
 */
public interface ValueCodec<V> {

	/** What the store should hold for {@code value}. */
	V encode(Object value);

	/**
	 * The value a store held.
	 * @throws ValueSerializationException if it cannot be read back
	 */
	Object decode(V stored);

	/**
	 * Whether decoding does real work on what may be hostile input, so that concurrent
	 * readers of the same stored value should share one decode (see
	 * {@code StoredValueReader}); {@code false} for a codec that hands back what it is given.
	 */
	default boolean sharesDecodes() {
		return true;
	}

	/** Values kept as they are. */
	static ValueCodec<Object> identity() {
		return IdentityCodec.INSTANCE;
	}

	/**
	 * Values kept as bytes: a one-byte format tag, then the serializer's bytes (or, for a
	 * string, its UTF-8). Counters, which every store of bytes keeps as decimal text, read
	 * back as {@code Long}. Values longer than the default {@link SerializationLimits#maxBytes()} are
	 * neither written nor read.
	 */
	static ValueCodec<byte[]> serializing(ValueSerializer serializer) {
		return serializing(serializer, SerializationLimits.defaults().maxBytes());
	}

	/**
	 * Values kept as bytes, as {@link #serializing(ValueSerializer)} keeps them; a value
	 * longer than {@code maxBytes} fails to encode, and stored bytes longer than that fail
	 * to decode before the serializer sees them, whatever serializer it is.
	 */
	static ValueCodec<byte[]> serializing(ValueSerializer serializer, int maxBytes) {
		return new SerializingCodec(serializer, maxBytes);
	}

	/** A value with the time it was loaded, in clock milliseconds, for refresh-ahead. */
	record Loaded(Object value, long loadedAt) {
	}

}
