package io.polycache.local;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * How a local store keeps a counter among its values: as a {@code Long} in a store of
 * objects, as decimal text in a store of bytes (as redis and memcached keep counters, and
 * as the serializing codec reads them back).
 * @param <V> the store's value type
 */
abstract class Counters<V> {

	/** Counters as {@code Long}s, in a store of objects. */
	static final Counters<Object> OBJECTS = new Counters<>() {

		@Override
		@Nullable Long read(Object stored) {
			// Any object may be stored; only a Long is a counter.
			return (stored instanceof Long count) ? count : null;
		}

		@Override
		Object write(long count) {
			return count;
		}

	};

	/** Counters as ASCII decimal text, in a store of bytes. */
	static final Counters<byte[]> BYTES = new Counters<>() {

		@Override
		@Nullable Long read(byte[] bytes) {
			// A serialized value starts with a format tag below '0'; a counter with a digit or '-'.
			if (bytes.length == 0 || bytes.length > 20 || (bytes[0] != '-' && (bytes[0] < '0' || bytes[0] > '9'))) {
				return null;
			}
			try {
				return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

		@Override
		byte[] write(long count) {
			return Long.toString(count).getBytes(StandardCharsets.US_ASCII);
		}

	};

	/** The count a stored value holds, or {@code null} if it is not a counter. */
	abstract @Nullable Long read(V stored);

	/** What the store holds for {@code count}. */
	abstract V write(long count);

}
