package io.polycache.benchmarks.local;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far apart the machine's processors are right now: two threads pass a number back and
 * forth through one cache line, and the time of a round trip is the time of two cache-line
 * transfers between the processors they run on. On this project's 2-processor virtual
 * machine it takes one of two values, about 70 ns or about 320 ns, and switches between
 * them while a JVM runs, most likely as the host moves its virtual processors. 2-thread workloads whose
 * threads write shared lines run at about half speed while it is slow (docs/performance.md,
 * round ten, "Two speeds"), so {@link Compare} probes before and after each run.
 */
final class Placement {

	/**
	 * Round trips above this are the slow placement: between the two values measured here
	 * (a probe that spans a switch lands between them).
	 */
	static final long SLOW_NANOS = 150;

	private Placement() {
	}

	/**
	 * Passes a number between this thread and another for about {@code millis}.
	 * @return the mean round trip in nanoseconds
	 */
	static long roundTripNanos(long millis) {
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
		long start = System.nanoTime();
		long deadline = start + millis * 1_000_000;
		long trips = 0;
		long value = 0;
		long now = start;
		while (now < deadline) {
			ball.set(value + 1);
			while (ball.get() != value + 2) {
				Thread.onSpinWait();
			}
			value += 2;
			trips++;
			if ((trips & 255) == 0) {
				now = System.nanoTime();
			}
		}
		ball.set(-1);
		return (System.nanoTime() - start) / Math.max(1, trips);
	}

}
