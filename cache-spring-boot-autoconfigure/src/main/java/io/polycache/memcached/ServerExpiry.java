package io.polycache.memcached;

import java.time.Duration;

/**
 * The expiry memcached is sent for a TTL. The protocol reads an expiry of up to 30 days
 * as seconds from now and anything larger as an absolute unix time, so a longer TTL is
 * sent as the wall-clock time it ends. memcached's clock ticks in whole seconds, so the
 * server keeps an item a little longer than its TTL; the item's own millisecond expiry
 * hides it in time.
 */
final class ServerExpiry {

	/** The largest expiry memcached reads as relative: 30 days, in seconds. */
	static final long MAX_RELATIVE_SECONDS = Duration.ofDays(30).toSeconds();

	private ServerExpiry() {
	}

	/**
	 * The expiry to send for {@code ttl} at {@code wallClockMillis}: 0 (never) for a zero
	 * TTL, relative seconds up to 30 days, otherwise absolute unix seconds, capped at the
	 * largest 32-bit signed time memcached accepts (January 2038).
	 */
	static int exptime(Duration ttl, long wallClockMillis) {
		if (ttl.isZero()) {
			return 0;
		}
		// Round up, then one second more: the server's second may already be under way.
		long seconds = ttl.plusMillis(999).toSeconds() + 1;
		if (seconds <= MAX_RELATIVE_SECONDS) {
			return (int) seconds;
		}
		long absolute = Math.addExact(Math.floorDiv(wallClockMillis, 1000), seconds);
		return (int) Math.min(absolute, Integer.MAX_VALUE);
	}

}
