package io.polycache.local;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exactness an eviction decision keeps under concurrency, with real reader threads
 * paused at chosen points by latches (no sleeps, no timing): every read whose {@code get}
 * returned before the decision is counted, even behind a slot another reader has claimed
 * and not yet filled; one thread's reads are applied in its order, even when it loses a
 * race for a slot; and a drain ends although readers keep recording.
 */
class LocalStoreExactnessTests {

	@ParameterizedTest(name = "{0} evicts {1}")
	@CsvSource({ "LRU, b", "MRU, a", "LFU, b" })
	void decisionCountsAReadThatReturnedBehindAReadStillInFlight(EvictionPolicy policy, String victim) throws Exception {
		// One stripe, so the read of a lands behind the slot the paused reader of c claimed.
		PausingBuffer buffer = new PausingBuffer(1);
		LocalStore<Object> store = fullStoreOfAbc(policy, buffer);
		AtomicReference<Object> readOfC = new AtomicReference<>();
		Thread reader = new Thread(() -> readOfC.set(store.get("c")));
		buffer.pauseAfterClaim(reader);
		reader.start();
		buffer.claimed.await();
		assertThat(store.get("a")).as("read returned before the decision").isEqualTo(1L);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread writer = new Thread(() -> {
			try {
				store.put("d", 4L, Duration.ZERO);
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		writer.start();
		// The writer waits for the read in flight (parking once it has spun and yielded), or decides without it.
		while (writer.getState() != Thread.State.TIMED_WAITING && writer.getState() != Thread.State.TERMINATED) {
			Thread.onSpinWait();
		}
		buffer.release.countDown();
		reader.join();
		writer.join();
		assertThat(failure.get()).isNull();
		assertThat(readOfC.get()).isEqualTo(3L);
		// Uses in order: put a, b, c; read c (claimed first, filled last); read a.
		assertThat(store.contains(victim)).as("victim").isFalse();
		assertThat(List.of("a", "b", "c", "d").stream().filter(store::contains)).hasSize(3);
		store.checkInvariants();
	}

	@Test
	void aThreadThatLosesARaceForASlotHasItsReadsAppliedInItsOrder() throws Exception {
		// Two stripes; the reading thread and its rival both on stripe 1, which is drained after
		// stripe 0: a read moved to another stripe after a lost race would be applied first.
		Thread[] readerAndRival = new Thread[2];
		ReadBuffer buffer = new ReadBuffer(1024, 2) {

			private volatile boolean raced;

			@Override
			boolean tryClaim(Stripe stripe, long tail) {
				if (Thread.currentThread() == readerAndRival[0] && !this.raced) {
					this.raced = true;
					// The rival's read takes this very slot first: the CAS below fails for real.
					readerAndRival[1].start();
					joinUninterruptibly(readerAndRival[1]);
				}
				return super.tryClaim(stripe, tail);
			}

		};
		LocalStore<Object> store = fullStoreOfAbc(EvictionPolicy.LRU, buffer);
		readerAndRival[1] = onStripe(1, () -> store.get("c"));
		readerAndRival[0] = onStripe(1, () -> {
			store.get("a");
			store.get("b");
		});
		// Started after both are set, so the reader sees both.
		readerAndRival[0].start();
		readerAndRival[0].join();
		store.put("d", 4L, Duration.ZERO);
		// Uses in order: put a, b, c; the rival's read of c; then the reader's a and b.
		assertThat(store.contains("c")).as("least recently used").isFalse();
		assertThat(store.contains("a")).isTrue();
		assertThat(store.contains("b")).isTrue();
		store.checkInvariants();
	}

	@Test
	void aDrainEndsWhileReadersKeepOverflowing() {
		// One one-slot stripe, so every further use overflows; each use applied records another.
		ReadBuffer buffer = new ReadBuffer(1, 1);
		List<Integer> applied = new ArrayList<>();
		int[] recordedDuringDrains = { 0 };
		Policy policy = new RecordingPolicy(applied, (node) -> {
			if (recordedDuringDrains[0] < 1_000) {
				buffer.overflow(new Node(2 + recordedDuringDrains[0]++, 0L));
			}
		});
		buffer.offer(new Node(0, 0L));
		assertThat(buffer.offer(new Node(1, 0L))).isEqualTo(ReadBuffer.FULL);
		buffer.overflow(new Node(1, 0L));
		buffer.drainTo(policy, true);
		assertThat(applied).as("uses recorded before the drain").containsExactly(0, 1);
		while (recordedDuringDrains[0] < 1_000) {
			buffer.drainTo(policy, true);
		}
		buffer.drainTo(policy, true);
		assertThat(applied).as("every use, in order").hasSize(1_002).isSorted();
	}

	private static LocalStore<Object> fullStoreOfAbc(EvictionPolicy policy, ReadBuffer buffer) {
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 3, policy, Ticker.of(Clock.systemUTC()), new StatsCounter(),
				new SplittableRandom(1), buffer);
		store.put("a", 1L, Duration.ZERO);
		store.put("b", 2L, Duration.ZERO);
		store.put("c", 3L, Duration.ZERO);
		return store;
	}

	/** A new, unstarted thread whose uses go to {@code stripe} of a two-stripe buffer. */
	private static Thread onStripe(int stripe, Runnable task) {
		while (true) {
			Thread thread = new Thread(task);
			@SuppressWarnings("deprecation")
			long id = thread.getId();
			if ((ReadBuffer.stripeIndex(id) & 1) == stripe) {
				return thread;
			}
		}
	}

	private static void joinUninterruptibly(Thread thread) {
		while (true) {
			try {
				thread.join();
				return;
			}
			catch (InterruptedException ex) {
				// Keep waiting: the rival's read is a few instructions.
			}
		}
	}

	/** A read buffer that stops one thread between claiming a slot and filling it. */
	private static final class PausingBuffer extends ReadBuffer {

		final CountDownLatch claimed = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		private volatile Thread paused;

		PausingBuffer(int stripes) {
			super(1024, stripes);
		}

		void pauseAfterClaim(Thread thread) {
			this.paused = thread;
		}

		@Override
		boolean tryClaim(Stripe stripe, long tail) {
			boolean won = super.tryClaim(stripe, tail);
			if (won && Thread.currentThread() == this.paused) {
				this.paused = null;
				this.claimed.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return won;
		}

	}

	/** Records the key of each use applied, and lets the test act on it. */
	private static final class RecordingPolicy extends ReadOnlyTestPolicy {

		private final List<Integer> applied;

		private final Consumer<Node> onEach;

		RecordingPolicy(List<Integer> applied, Consumer<Node> onEach) {
			this.applied = applied;
			this.onEach = onEach;
		}

		@Override
		void onRead(Node node) {
			this.applied.add((Integer) node.key);
			this.onEach.accept(node);
		}

	}

}
