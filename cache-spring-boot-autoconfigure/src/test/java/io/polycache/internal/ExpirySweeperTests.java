package io.polycache.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

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

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aSweepThatClosingInterruptsIsNotLoggedAsAFailure(CapturedOutput output) throws Exception {
		CountDownLatch sweeping = new CountDownLatch(1);
		NoneStore blocking = new NoneStore() {

			@Override
			public int removeExpired() {
				sweeping.countDown();
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					// As a file store does while it waits for its lock.
					throw new IllegalStateException("interrupted waiting for its write lock", ex);
				}
				return 0;
			}

		};
		ExpirySweeper sweeper = new ExpirySweeper(Duration.ofMillis(5));
		sweeper.register("files", blocking);
		assertThat(sweeping.await(20, TimeUnit.SECONDS)).isTrue();
		sweeper.close();
		assertThat(output).doesNotContain("Sweeping expired entries of cache 'files' failed");
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
