package io.polycache.memcached;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** memcached reads an expiry over 30 days as an absolute unix time. */
class ServerExpiryTests {

	private static final long NOW = 1_750_000_000_123L;

	@Test
	void zeroTtlNeverExpires() {
		assertThat(ServerExpiry.exptime(Duration.ZERO, NOW)).isZero();
	}

	@Test
	void shortTtlIsRelativeSecondsRoundedUpWithOneToSpare() {
		assertThat(ServerExpiry.exptime(Duration.ofMillis(1), NOW)).isEqualTo(2);
		assertThat(ServerExpiry.exptime(Duration.ofSeconds(10), NOW)).isEqualTo(11);
		assertThat(ServerExpiry.exptime(Duration.ofMillis(10_001), NOW)).isEqualTo(12);
	}

	@Test
	void ttlUpToThirtyDaysIsRelative() {
		Duration justUnder = Duration.ofDays(30).minusSeconds(1);
		assertThat(ServerExpiry.exptime(justUnder, NOW)).isEqualTo(ServerExpiry.MAX_RELATIVE_SECONDS);
	}

	@Test
	void ttlBeyondThirtyDaysIsAbsoluteUnixTime() {
		assertThat(ServerExpiry.exptime(Duration.ofDays(30), NOW))
			.isEqualTo(NOW / 1000 + Duration.ofDays(30).toSeconds() + 1);
		assertThat(ServerExpiry.exptime(Duration.ofDays(365), NOW))
			.isEqualTo(NOW / 1000 + Duration.ofDays(365).toSeconds() + 1);
	}

	@Test
	void absoluteTimeIsCappedAtMemcachedsLargest() {
		assertThat(ServerExpiry.exptime(Duration.ofDays(365 * 100), NOW)).isEqualTo(Integer.MAX_VALUE);
	}

}
