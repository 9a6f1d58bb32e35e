package io.polycache.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.spi.CacheStore;

/**
 * Reclaims expired entries in the background, so that memory and disk do not hold dead
 * data between reads. One daemon thread, started by the first {@link #register} and
 * stopped by {@link #close()}, sweeps every registered store at a fixed interval; it also
 * runs the short periodic tasks of caches ({@link #every}, the ticks of auto-refresh).
 * <p>Thread-safe. A sweep that fails, whatever it throws, is logged (rate-limited) and the
 * next one runs as planned: one store's failure never stops its own or another's sweeping.
 */
public final class ExpirySweeper implements TickScheduler, AutoCloseable {

	/** The name of the sweeper's thread, so tests and thread dumps can find it. */
	public static final String THREAD_NAME = "polycache-expiry-sweeper";

	private static final Log logger = LogFactory.getLog(ExpirySweeper.class);

	private static final Duration FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	private volatile boolean closed;

	public ExpirySweeper(Duration interval) {
		this.interval = interval;
	}

	/** Sweeps {@code store} every interval from now until this sweeper is closed. */
	public synchronized void register(String cacheName, CacheStore<?, ?> store) {
		long millis = this.interval.toMillis();
		RateLimitedLog failures = new RateLimitedLog(logger, FAILURE_LOG_INTERVAL);
		executor().scheduleWithFixedDelay(() -> sweep(cacheName, store, failures), millis, millis,
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Runs a cache's short periodic task on the sweeper's thread, such as the ticks of
	 * {@code auto-refresh}, until the returned action runs or the sweeper closes.
	 */
	@Override
	public synchronized Runnable every(String cacheName, Duration interval, Runnable task) {
		long micros = Math.max(1, interval.toNanos() / 1000);
		ScheduledFuture<?> ticks = executor().scheduleAtFixedRate(task, micros, micros, TimeUnit.MICROSECONDS);
		return () -> ticks.cancel(false);
	}

	private ScheduledExecutorService executor() {
		if (this.closed) {
			throw new IllegalStateException("Expiry sweeper is closed");
		}
		if (this.executor == null) {
			this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
				Thread thread = new Thread(runnable, THREAD_NAME);
				thread.setDaemon(true);
				return thread;
			});
		}
		return this.executor;
	}

	/**
	 * One sweep of one store. It never throws: a scheduled task that throws is never run
	 * again, so whatever a store throws, an {@code Error} included, is logged (at most once
	 * per store every ten seconds) and the next sweep runs as planned. A sweep that
	 * {@link #close()} interrupts is no failure, and is not logged as one.
	 */
	private void sweep(String cacheName, CacheStore<?, ?> store, RateLimitedLog failures) {
		try {
			store.removeExpired();
		}
		catch (Throwable ex) {
			if (this.closed) {
				// close() interrupted it: the application is stopping, nothing failed.
				logger.debug("Sweep of cache '" + cacheName + "' stopped by closing", ex);
				return;
			}
			failures.warn("Sweeping expired entries of cache '" + cacheName + "' failed; trying again at the next sweep",
					ex);
		}
	}

	/** Stops the thread, waiting briefly for a sweep in progress to finish. */
	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.executor == null) {
			return;
		}
		this.executor.shutdownNow();
		try {
			if (!this.executor.awaitTermination(5, TimeUnit.SECONDS)) {
				logger.warn("Expiry sweeper did not stop within 5 seconds");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
