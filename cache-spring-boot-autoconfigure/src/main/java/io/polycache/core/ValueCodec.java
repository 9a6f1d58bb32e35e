package io.polycache.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.cache.support.NullValue;

/**
 * How {@link StoreCache} turns its values into what a store holds, and back: the objects
 * themselves for stores that live in this JVM ({@link #identity()}), bytes for stores
 * that keep bytes ({@link #serializing(ValueSerializer)}).
 * @param <V> the type of what the store holds
 * <p>A value may be {@link NullValue#INSTANCE} (a cached {@code null}) or a {@link Loaded}
 * (a value with its load time, for refresh-ahead); both survive the round trip.
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
	 * {@link StoredValueReader}); {@code false} for a codec that hands back what it is given.
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

	final class IdentityCodec implements ValueCodec<Object> {

		static final IdentityCodec INSTANCE = new IdentityCodec();

		@Override
		public Object encode(Object value) {
			return value;
		}

		@Override
		public Object decode(Object stored) {
			return stored;
		}

		@Override
		public boolean sharesDecodes() {
			return false;
		}

		@Override
		public String toString() {
			return "identity";
		}

	}

	final class SerializingCodec implements ValueCodec<byte[]> {

		private static final byte NULL = 0;

		private static final byte VALUE = 1;

		private static final byte LOADED_VALUE = 2;

		/** A string as UTF-8: the commonest cached value, without the serializer's framing. */
		private static final byte STRING = 3;

		private static final byte[] NULL_BYTES = { NULL };

		private final ValueSerializer serializer;

		private final int maxBytes;

		SerializingCodec(ValueSerializer serializer, int maxBytes) {
			this.serializer = serializer;
			this.maxBytes = maxBytes;
		}

		@Override
		public byte[] encode(Object value) {
			byte[] bytes;
			if (value instanceof Loaded loaded) {
				byte[] payload = encodeValue(loaded.value());
				bytes = ByteBuffer.allocate(9 + payload.length)
					.put(LOADED_VALUE)
					.putLong(loaded.loadedAt())
					.put(payload)
					.array();
			}
			else {
				bytes = encodeValue(value);
			}
			if (bytes.length > this.maxBytes) {
				throw new ValueSerializationException("A " + bytes.length + "-byte value is longer than the "
						+ this.maxBytes + " bytes a cache reads back (cache.serialization.max-bytes)",
						new IllegalArgumentException("value too long"));
			}
			return bytes;
		}

		private byte[] encodeValue(Object value) {
			if (value instanceof NullValue) {
				return NULL_BYTES;
			}
			boolean plainString = value instanceof String string && isWellFormed(string);
			byte[] payload = plainString ? ((String) value).getBytes(StandardCharsets.UTF_8)
					: this.serializer.serialize(value);
			byte[] bytes = new byte[payload.length + 1];
			bytes[0] = plainString ? STRING : VALUE;
			System.arraycopy(payload, 0, bytes, 1, payload.length);
			return bytes;
		}

		@Override
		public Object decode(byte[] bytes) {
			if (bytes.length == 0) {
				throw corrupt("empty value", null);
			}
			if (bytes.length > this.maxBytes) {
				throw corrupt(bytes.length + " bytes, more than " + this.maxBytes + " (cache.serialization.max-bytes)",
						null);
			}
			return switch (bytes[0]) {
				case LOADED_VALUE -> decodeLoaded(bytes);
				case VALUE, NULL, STRING -> decodeValue(bytes, 0);
				default -> decodeCounter(bytes);
			};
		}

		private Loaded decodeLoaded(byte[] bytes) {
			if (bytes.length < 10) {
				throw corrupt("truncated value with load time", null);
			}
			long loadedAt = ByteBuffer.wrap(bytes, 1, 8).getLong();
			return new Loaded(decodeValue(bytes, 9), loadedAt);
		}

		private Object decodeValue(byte[] bytes, int offset) {
			if (bytes[offset] == NULL) {
				return NullValue.INSTANCE;
			}
			if (bytes[offset] == STRING) {
				return new String(bytes, offset + 1, bytes.length - offset - 1, StandardCharsets.UTF_8);
			}
			if (bytes[offset] != VALUE) {
				throw corrupt("unknown format tag " + bytes[offset], null);
			}
			return this.serializer.deserialize(Arrays.copyOfRange(bytes, offset + 1, bytes.length));
		}

		/**
		 * Whether UTF-8 holds the string exactly: not if it has an unpaired surrogate, which
		 * UTF-8 would replace; such a string goes through the serializer instead.
		 */
		private static boolean isWellFormed(String string) {
			for (int i = 0; i < string.length(); i++) {
				char c = string.charAt(i);
				if (Character.isHighSurrogate(c) && i + 1 < string.length()
						&& Character.isLowSurrogate(string.charAt(i + 1))) {
					i++;
				}
				else if (Character.isSurrogate(c)) {
					return false;
				}
			}
			return true;
		}

		private Long decodeCounter(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.US_ASCII).strip();
			try {
				return Long.parseLong(text);
			}
			catch (NumberFormatException ex) {
				throw corrupt("unknown format tag " + bytes[0], ex);
			}
		}

		private static ValueSerializationException corrupt(String problem, Throwable cause) {
			return new ValueSerializationException("Corrupt cache value: " + problem,
					(cause != null) ? cause : new IllegalStateException(problem));
		}

		@Override
		public String toString() {
			return "serializing(" + this.serializer.getClass().getSimpleName() + ")";
		}

	}

}
