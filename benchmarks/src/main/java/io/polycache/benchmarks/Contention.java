package io.polycache.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often benchmark threads blocked on a monitor or waited (parked, which is how a
 * contended {@code ReentrantLock} waits), from {@link ThreadMXBean}'s per-thread counts,
 * summed over measurement iterations of one JMH run in this JVM.
 */
final class Contention {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final LongAdder EVENTS = new LongAdder();

	private static final LongAdder OPERATIONS = new LongAdder();

	static {
		if (THREADS.isThreadContentionMonitoringSupported()) {
			THREADS.setThreadContentionMonitoringEnabled(true);
		}
	}

	private Contention() {
	}

	/** The calling thread's blocked count plus its waited count so far. */
	static long blockedAndWaited() {
		ThreadInfo info = THREADS.getThreadInfo(Thread.currentThread().getId());
		return info.getBlockedCount() + info.getWaitedCount();
	}

	static void record(long events, long operations) {
		EVENTS.add(events);
		OPERATIONS.add(operations);
	}

	/** Events and operations recorded since the last call, which starts a new count. */
	static long[] takeCounts() {
		return new long[] { EVENTS.sumThenReset(), OPERATIONS.sumThenReset() };
	}

}
