package io.polycache.internal;

import java.time.Duration;

/**
 * Runs a cache's periodic background task, such as the ticks of {@code auto-refresh}, on a
 * thread Polycache owns ({@link ExpirySweeper#every}).
 */
@FunctionalInterface
public interface TickScheduler {

	/**
	 * Runs {@code task} every {@code interval}, first after one interval, until the returned
	 * action is run. The task must not block for long, and must not throw.
	 */
	Runnable every(String cacheName, Duration interval, Runnable task);

}
