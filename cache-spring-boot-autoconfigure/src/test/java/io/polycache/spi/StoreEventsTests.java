package io.polycache.spi;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.polycache.core.RemovalCause;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store events written before removals had causes (only {@code recordEviction} and
 * {@code recordExpirations}) keep compiling and keep counting what they counted.
 */
class StoreEventsTests {

	@Test
	void eventsWithTheFirstTwoMethodsOnlyCountEvictionsAndExpirationsAndListenToNothing() {
		AtomicInteger evictions = new AtomicInteger();
		AtomicInteger expirations = new AtomicInteger();
		StoreEvents events = new StoreEvents() {

			@Override
			public void recordEviction() {
				evictions.incrementAndGet();
			}

			@Override
			public void recordExpirations(int count) {
				expirations.addAndGet(count);
			}

		};
		events.recordRemovals(RemovalCause.EVICTED, 2);
		events.recordRemovals(RemovalCause.EXPIRED, 3);
		events.recordRemovals(RemovalCause.EXPLICIT, 5);
		events.removed(RemovalCause.EXPLICIT, "k", null);
		assertThat(evictions).hasValue(2);
		assertThat(expirations).hasValue(3);
		assertThat(events.reportsRemovals()).isFalse();
	}

}
