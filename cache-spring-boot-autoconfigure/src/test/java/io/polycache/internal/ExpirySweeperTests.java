package io.polycache.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.polycache.none.NoneStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A store whose sweep throws, even an {@code Error}, keeps being swept, and so do the others. */
class ExpirySweeperTests {

	@Test
	void sweepThatThrowsAnErrorDoesNotStopSweeping() {
		SweptStore failing = new SweptStore(true);
		SweptStore healthy = new SweptStore(false);
		try (ExpirySweeper sweeper = new ExpirySweeper(Duration.ofMillis(5))) {
			sweeper.register("failing", failing);
			sweeper.register("healthy", healthy);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(failing.sweeps).as("sweeps of the store that throws").hasValueGreaterThanOrEqualTo(3);
				assertThat(healthy.sweeps).hasValueGreaterThanOrEqualTo(3);
			});
		}
	}

	/** Counts sweeps; with {@code failing}, each one throws an {@code Error}. */
	static final class SweptStore extends NoneStore {

		final AtomicInteger sweeps = new AtomicInteger();

		private final boolean failing;

		SweptStore(boolean failing) {
			this.failing = failing;
		}

		@Override
		public int removeExpired() {
			this.sweeps.incrementAndGet();
			if (this.failing) {
				throw new StackOverflowError("sweep");
			}
			return 0;
		}

	}

}
