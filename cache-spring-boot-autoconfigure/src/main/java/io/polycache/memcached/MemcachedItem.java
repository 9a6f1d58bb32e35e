package io.polycache.memcached;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * What memcached holds under one key: its 32-bit flags and its bytes. Two kinds exist.
 * <ul>
 * <li>A <em>record</em>: a marker byte, the expiry in epoch milliseconds (0 for none), then
 * the cache's encoded value. memcached counts expiry in whole seconds; the record's own
 * expiry is what makes an expired entry invisible at millisecond resolution.</li>
 * <li>A <em>counter</em>: decimal ASCII, so memcached's {@code incr} and {@code decr} work
 * on it. {@code incr} keeps the flags, so the flags hold the counter's expiry, in epoch
 * seconds rounded down (0 for none): a counter may expire up to a second early, never
 * late.</li>
 * </ul>
 * Immutable as long as no one writes into {@link #data()}.
 */
record MemcachedItem(int flags, byte[] data) {

	/** Starts every record; neither a digit, a sign nor white space, so never a counter. */
	private static final byte RECORD = (byte) 0xFE;

	private static final int RECORD_HEADER = 9;

	/** A record holding the cache's encoded value until {@code expiresAt} (0: never). */
	static MemcachedItem record(byte[] payload, long expiresAt) {
		byte[] data = new byte[RECORD_HEADER + payload.length];
		ByteBuffer.wrap(data).put(RECORD).putLong(expiresAt);
		System.arraycopy(payload, 0, data, RECORD_HEADER, payload.length);
		return new MemcachedItem(0, data);
	}

	/** A counter holding {@code value} until {@code expiresAt} epoch milliseconds (0: never). */
	static MemcachedItem counter(long value, long expiresAt) {
		int flags = 0;
		if (expiresAt != 0) {
			// xmemcached sends flags as a signed int: epoch seconds are capped in January 2038, as
			// memcached's own expiry is. 0 is reserved for "never".
			flags = (int) Math.max(1, Math.min(expiresAt / 1000, Integer.MAX_VALUE));
		}
		return new MemcachedItem(flags, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
	}

	/** The same counter, holding {@code value}: its flags, and so its expiry, stay. */
	MemcachedItem withCounterValue(long value) {
		return new MemcachedItem(this.flags, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
	}

	/** A counter's own expiry in epoch milliseconds, 0 for none. */
	long counterExpiresAt() {
		return this.flags * 1000L;
	}

	/**
	 * The same item with another own expiry, in epoch milliseconds (0: never): a record's
	 * header, a counter's flags; the value stays. Bytes someone else wrote stay as they are.
	 */
	MemcachedItem withExpiry(long expiresAt) {
		if (isRecord()) {
			byte[] data = this.data.clone();
			ByteBuffer.wrap(data).putLong(1, expiresAt);
			return new MemcachedItem(this.flags, data);
		}
		return isCounter() ? counter(counterValue(), expiresAt) : this;
	}

	/**
	 * The item's own expiry in epoch milliseconds, 0 for none: a record's, or a counter's,
	 * which is rounded down to the second; -1 for bytes someone else wrote, which carry none.
	 */
	long ownExpiry() {
		if (isRecord()) {
			return ByteBuffer.wrap(this.data, 1, 8).getLong();
		}
		return isCounter() ? counterExpiresAt() : -1;
	}

	boolean isRecord() {
		return this.data.length >= RECORD_HEADER && this.data[0] == RECORD;
	}

	boolean isCounter() {
		return this.data.length > 0 && this.data[0] >= '0' && this.data[0] <= '9';
	}

	/** Whether the item has expired at {@code now} epoch milliseconds, by its own expiry. */
	boolean isExpired(long now) {
		if (isRecord()) {
			long expiresAt = ByteBuffer.wrap(this.data, 1, 8).getLong();
			return expiresAt != 0 && now >= expiresAt;
		}
		if (isCounter() && this.flags != 0) {
			return now >= this.flags * 1000L;
		}
		return false;
	}

	/**
	 * The value a store returns: a record's encoded value, or the item's bytes as they are:
	 * a counter's decimal text (which the cache's codec reads back as a {@code Long}), or
	 * bytes written by someone else (which it rejects); {@code null} once expired.
	 */
	byte @Nullable [] liveValue(long now) {
		if (isExpired(now)) {
			return null;
		}
		if (isRecord()) {
			return Arrays.copyOfRange(this.data, RECORD_HEADER, this.data.length);
		}
		return this.data;
	}

	/**
	 * The counter's value. memcached pads a counter that shrank in place with spaces.
	 * @throws IllegalStateException if the item is not a counter within a {@code long}
	 */
	long counterValue() {
		String text = new String(this.data, StandardCharsets.US_ASCII).strip();
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("memcached holds a counter beyond a long: " + text, ex);
		}
	}

}
