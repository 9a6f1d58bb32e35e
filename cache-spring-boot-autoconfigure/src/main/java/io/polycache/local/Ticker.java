package io.polycache.local;

import java.time.Clock;

/**
 * The store's time source for expiry, in milliseconds from an arbitrary origin. Only
 * differences matter, so the system's is monotonic ({@link System#nanoTime}): a step of
 * the wall clock (an NTP correction, a manual change) neither expires nor revives entries.
 * Thread-safe.
 */
@FunctionalInterface
interface Ticker {

	/** Monotonic milliseconds: {@link System#nanoTime} divided down. */
	Ticker MONOTONIC = () -> System.nanoTime() / 1_000_000L;

	long millis();

	/**
	 * The ticker for {@code clock}: {@link #MONOTONIC} for a system clock of any zone, whose
	 * wall time may step; any other clock (a test's, moved by hand) is read as it is.
	 */
	static Ticker of(Clock clock) {
		return clock.equals(Clock.system(clock.getZone())) ? MONOTONIC : clock::millis;
	}

}
