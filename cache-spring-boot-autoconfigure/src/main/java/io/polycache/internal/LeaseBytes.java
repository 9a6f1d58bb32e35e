package io.polycache.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.polycache.spi.LeaseStore;

/**
 * How the lease stores of the shared backends keep a lease's string ({@link LeaseStore}),
 * whatever it means (the core's {@code LeaseValue}): as UTF-8, at most
 * {@value LeaseStore#MAX_VALUE_LENGTH} characters. Reading is strict, since anyone with
 * access to the store may have written the bytes: anything longer than a lease value can
 * be, or that is not well-formed UTF-8, is no lease value and reads as {@code null}.
 * <p>Stateless and thread-safe.
 */
public final class LeaseBytes {

	/** The most bytes a lease value takes in UTF-8: three per character. */
	public static final int MAX_BYTES = LeaseStore.MAX_VALUE_LENGTH * 3;

	private LeaseBytes() {
	}

	/**
	 * The value's UTF-8 bytes.
	 * @throws IllegalArgumentException if it is longer than
	 * {@value LeaseStore#MAX_VALUE_LENGTH} characters or not well-formed (an unpaired
	 * surrogate)
	 */
	public static byte[] encode(String value) {
		if (value.length() > LeaseStore.MAX_VALUE_LENGTH) {
			throw new IllegalArgumentException("A lease value has at most " + LeaseStore.MAX_VALUE_LENGTH
					+ " characters, not " + value.length());
		}
		try {
			ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.encode(CharBuffer.wrap(value));
			byte[] encoded = new byte[bytes.remaining()];
			bytes.get(encoded);
			return encoded;
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("A lease value must be well-formed text", ex);
		}
	}

	/** The lease value these bytes hold, or {@code null} if they hold none (or are {@code null}). */
	public static @Nullable String decode(byte @Nullable [] bytes) {
		return (bytes != null) ? decode(bytes, 0, bytes.length) : null;
	}

	/** The lease value {@code length} bytes from {@code offset} hold, or {@code null} if they hold none. */
	public static @Nullable String decode(byte[] bytes, int offset, int length) {
		if (length > MAX_BYTES) {
			return null;
		}
		try {
			String value = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes, offset, length))
				.toString();
			return (value.length() <= LeaseStore.MAX_VALUE_LENGTH) ? value : null;
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/**
	 * The TTL of a lease, which must be positive.
	 * @throws IllegalArgumentException if it is zero or negative
	 */
	public static Duration checkTtl(Duration ttl) {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("A lease lasts a positive time, not " + ttl);
		}
		return ttl;
	}

}
