package io.polycache.benchmarks.local;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far apart the machine's processors are right now: two threads pass a number back and
 * forth through one cache line, and a round trip costs about two cache-line transfers
 * between the processors they run on (plus the spin loops' own few nanoseconds). On this
 * project's 2-processor virtual machine it mostly takes one of two values, about 70 ns or
 * about 320 ns, and switches between them while a JVM runs; a third, 30 to 50 ns, is most
 * likely the two virtual processors on one core's two hardware threads. MRU's 50/50 mix
 * runs at about half speed while the processors are apart (docs/performance.md, round
 * ten, "Two speeds"), so {@link ImplementationRun} probes before and after each run.
 */
final class Placement {

	/** How long a probe runs. */
	static final long PROBE_MILLIS = 200;

	/** Round trips above this: the processors are apart. Between the two usual values. */
	static final long APART_NANOS = 150;

	/** Round trips below this: most likely one core's two hardware threads. */
	static final long SHARED_CORE_NANOS = 50;

	/** What a probe reports when the JVM sees one processor: its two threads would take turns. */
	static final long NOT_PROBED = -1;

	/** Trips timed together, so that a descheduled trip moves one batch's figure, not the probe's. */
	private static final int BATCH = 64;

	/**
	 * The most batches a probe keeps: about 200 ms of the near placement's; on one core's two
	 * hardware threads the probe ends sooner.
	 */
	private static final int MAX_BATCHES = 1 << 16;

	private Placement() {
	}

	/**
	 * Passes a number between this thread and another for about {@code millis}, timing
	 * batches of {@value #BATCH} round trips.
	 * @return the median batch's round trip in nanoseconds, so that the placement most of
	 * the probe saw decides it; {@link #NOT_PROBED} with fewer than two processors, or if
	 * the other thread stopped answering
	 */
	static long roundTripNanos(long millis) {
		if (Runtime.getRuntime().availableProcessors() < 2) {
			return NOT_PROBED;
		}
		AtomicLong ball = new AtomicLong();
		Thread other = new Thread(() -> {
			// Answers each odd number with the next even one, until told to stop (-1).
			for (long expected = 1;; expected += 2) {
				long seen;
				while ((seen = ball.get()) != expected) {
					if (seen < 0) {
						return;
					}
					Thread.onSpinWait();
				}
				ball.set(expected + 1);
			}
		}, "placement-probe");
		other.setDaemon(true);
		other.start();
		long[] batches = new long[MAX_BATCHES];
		int count = 0;
		long deadline = System.nanoTime() + millis * 1_000_000;
		long value = 0;
		boolean answered = true;
		while (answered && count < MAX_BATCHES) {
			long start = System.nanoTime();
			if (start > deadline) {
				break;
			}
			for (int trip = 0; trip < BATCH && answered; trip++) {
				ball.set(value + 1);
				answered = awaitAnswer(ball, value + 2, deadline);
				value += 2;
			}
			batches[count++] = (System.nanoTime() - start) / BATCH;
		}
		ball.set(-1);
		if (!answered || count == 0) {
			return NOT_PROBED;
		}
		Arrays.sort(batches, 0, count);
		return batches[count / 2];
	}

	/** Spins until the other thread answers {@code expected}; {@code false} if it has not a second after the deadline. */
	private static boolean awaitAnswer(AtomicLong ball, long expected, long deadline) {
		for (int spin = 1; ball.get() != expected; spin++) {
			if ((spin & 0xFFFF) == 0 && System.nanoTime() > deadline + 1_000_000_000L) {
				return false;
			}
			Thread.onSpinWait();
		}
		return true;
	}

	/** Whether a run probed {@code before} and {@code after} it had the processors near all along, as far as the probes saw. */
	static boolean wasNear(long before, long after) {
		return isNear(before) && isNear(after);
	}

	private static boolean isNear(long nanos) {
		return nanos >= SHARED_CORE_NANOS && nanos <= APART_NANOS;
	}

}
