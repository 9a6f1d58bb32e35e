package io.polycache.testfixtures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand, so TTLs are tested without sleeping. Thread-safe. */
public final class MutableClock extends Clock {

	private final AtomicLong millis;

	public MutableClock(long startMillis) {
		this.millis = new AtomicLong(startMillis);
	}

	public MutableClock() {
		this(1_000_000);
	}

	public void advance(Duration duration) {
		this.millis.addAndGet(duration.toMillis());
	}

	public void advanceMillis(long delta) {
		this.millis.addAndGet(delta);
	}

	@Override
	public long millis() {
		return this.millis.get();
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(millis());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("A test clock has one zone");
	}

}
