package io.polycache.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.cache.support.NullValue;

import io.polycache.core.ValueSerializationException;
import io.polycache.core.ValueSerializer;
import io.polycache.spi.ValueCodec;
import io.polycache.spi.ValueCodec.Loaded;

/**
 * {@link ValueCodec#serializing(ValueSerializer, int)}: values kept as bytes, a one-byte
 * format tag then the serializer's bytes (or a string's UTF-8); counters read back as
 * {@code Long}; nothing longer than {@code maxBytes} is written or read. Thread-safe when
 * the serializer is.
 */
public final class SerializingCodec implements ValueCodec<byte[]> {

	private static final byte NULL = 0;

	private static final byte VALUE = 1;

	private static final byte LOADED_VALUE = 2;

	/** A string as UTF-8: the commonest cached value, without the serializer's framing. */
	private static final byte STRING = 3;

	private static final byte[] NULL_BYTES = { NULL };

	private final ValueSerializer serializer;

	private final int maxBytes;

	public SerializingCodec(ValueSerializer serializer, int maxBytes) {
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
