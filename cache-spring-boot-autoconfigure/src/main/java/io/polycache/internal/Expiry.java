package io.polycache.internal;

import java.time.Duration;

import io.polycache.core.ExtendedCache;

/**
 * How every store turns a TTL into milliseconds and expiry times, so that they agree: a
 * zero TTL never expires, and any other TTL, however short, lasts at least a millisecond
 * (a 500 µs TTL is not "no TTL", nor "already expired").
 */
public final class Expiry {

	/** The expiry time of an entry that never expires. */
	public static final long NEVER = Long.MAX_VALUE;

	private Expiry() {
	}

	/** The TTL in whole milliseconds, at least 1; {@code 0} for a zero TTL. */
	public static long millis(Duration ttl) {
		return ttl.isZero() ? 0 : Math.max(1, ttl.toMillis());
	}

	/**
	 * When an entry written at {@code now} (clock milliseconds) with this TTL expires:
	 * {@link #NEVER} for a zero TTL, otherwise a time before {@link #NEVER}, however long the
	 * TTL.
	 */
	public static long at(long now, Duration ttl) {
		if (ttl.isZero()) {
			return NEVER;
		}
		long millis = millis(ttl);
		return (now > NEVER - 1 - millis) ? NEVER - 1 : now + millis;
	}

	/**
	 * What a live entry expiring at {@code expiresAt} has left at {@code now}, both in the
	 * same clock's milliseconds: {@link ExtendedCache#NEVER_EXPIRES} for {@link #NEVER},
	 * otherwise at least a millisecond, so that the answer is never a zero ("no expiry")
	 * TTL.
	 */
	public static Duration remaining(long expiresAt, long now) {
		return (expiresAt == NEVER) ? ExtendedCache.NEVER_EXPIRES : Duration.ofMillis(Math.max(1, expiresAt - now));
	}

}
