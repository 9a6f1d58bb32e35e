package io.polycache.core;

/**
 * Turns values into bytes for stores that keep bytes (file system, memcached, redis, and
 * local memory with store-by-value), and back.
 * <p>Reading must never instantiate a class the serializer's {@code ClassAllowList} does
 * not allow: bytes naming such a class, like corrupt bytes, fail with a
 * {@link ValueSerializationException} before any object of that class exists. The cache
 * turns that failure into a miss, so a tampered store cannot run code in the application.
 * <p>Implementations must be thread-safe.
 */
public interface ValueSerializer {

	/**
	 * @throws ValueSerializationException if the value cannot be written
	 */
	byte[] serialize(Object value);

	/**
	 * @throws ValueSerializationException if the bytes are corrupt or name a class outside
	 * the allow-list
	 */
	Object deserialize(byte[] bytes);

}
