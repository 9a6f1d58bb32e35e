package io.polycache.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.polycache.core.StoreUnavailableException;

/**
 * Many threads calling a store that is down, for a while: how many calls failed at once
 * (and how long those took), and how many failed otherwise (at the server). Each thread
 * pauses a millisecond between calls, so that a busy machine's scheduler, not the store,
 * does not decide how long a call seems to take.
 *
 * @param fastFailures calls that failed with {@link StoreUnavailableException}
 * @param fastFailureP99 the time 99% of those calls took at most
 * @param otherFailures calls that failed otherwise: those that reached the server
 * @param successes calls that returned normally
 * @param slowCalls calls, of any outcome, that took at least {@link #SLOW}: those that
 * waited for a server's timeout
 */
public record OutageBurst(int fastFailures, Duration fastFailureP99, int otherFailures, int successes,
		int slowCalls) {

	/** A call this long waited for the server: every test here uses a timeout of 500 ms. */
	public static final Duration SLOW = Duration.ofMillis(400);

	private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	/** Runs {@code call} on {@code threads} threads, each calling it again and again for {@code duration}. */
	public static OutageBurst run(int threads, Duration duration, Runnable call) throws Exception {
		Queue<Long> fast = new ConcurrentLinkedQueue<>();
		AtomicInteger other = new AtomicInteger();
		AtomicInteger successes = new AtomicInteger();
		AtomicInteger slow = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> callers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				callers.add(executor.submit(() -> {
					start.await();
					long end = System.nanoTime() + duration.toNanos();
					while (System.nanoTime() - end < 0) {
						long started = System.nanoTime();
						try {
							call.run();
							successes.incrementAndGet();
						}
						catch (StoreUnavailableException ex) {
							fast.add(System.nanoTime() - started);
						}
						catch (RuntimeException ex) {
							other.incrementAndGet();
						}
						if (System.nanoTime() - started >= SLOW.toNanos()) {
							slow.incrementAndGet();
						}
						LockSupport.parkNanos(PAUSE_NANOS);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> caller : callers) {
				caller.get(duration.toSeconds() + 30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		long[] times = fast.stream().mapToLong(Long::longValue).sorted().toArray();
		long p99 = (times.length > 0) ? times[(int) Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)] : 0;
		return new OutageBurst(times.length, Duration.ofNanos(p99), other.get(), successes.get(), slow.get());
	}

}
