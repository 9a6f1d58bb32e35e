package io.polycache.benchmarks.local;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often benchmark threads blocked on a monitor or waited (parked, which is how a
 * contended {@code ReentrantLock} waits), from {@link ThreadMXBean}'s per-thread counts,
 * and how much processor time they used, between checkpoints inside the measured loop
 * ({@link CacheBenchmark.Cursor#tick}), summed over measurement iterations of one JMH
 * run in this JVM. Operations per processor-second do not depend on how much of the
 * machine other work takes, which wall-clock throughput does; time spent parked is not
 * counted in them, time spent spinning or yielding is.
 */
final class Contention {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final LongAdder EVENTS = new LongAdder();

	private static final LongAdder OPERATIONS = new LongAdder();

	private static final LongAdder CPU_NANOS = new LongAdder();

	static {
		if (THREADS.isThreadContentionMonitoringSupported()) {
			THREADS.setThreadContentionMonitoringEnabled(true);
		}
		if (THREADS.isCurrentThreadCpuTimeSupported()) {
			THREADS.setThreadCpuTimeEnabled(true);
		}
	}

	private Contention() {
	}

	/** The calling thread's blocked count plus its waited count so far. */
	static long blockedAndWaited() {
		ThreadInfo info = THREADS.getThreadInfo(Thread.currentThread().getId());
		return info.getBlockedCount() + info.getWaitedCount();
	}

	/** The calling thread's processor time so far, in nanoseconds; {@code -1} if not supported. */
	static long cpuNanos() {
		return THREADS.getCurrentThreadCpuTime();
	}

	static void record(long events, long operations, long cpuNanos) {
		EVENTS.add(events);
		OPERATIONS.add(operations);
		CPU_NANOS.add(cpuNanos);
	}

	/** Events, operations and processor nanoseconds recorded since the last call, which starts a new count. */
	static long[] takeCounts() {
		return new long[] { EVENTS.sumThenReset(), OPERATIONS.sumThenReset(), CPU_NANOS.sumThenReset() };
	}

}
