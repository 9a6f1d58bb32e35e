package io.polycache.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.spi.CacheStore;

/**
 * Reclaims expired entries in the background, so that memory and disk do not hold dead
 * data between reads. One daemon thread, started by the first {@link #register} and
 * stopped by {@link #close()}, sweeps every registered store at a fixed interval.
 * <p>Thread-safe. A sweep that fails, whatever it throws, is logged (rate-limited) and the
 * next one runs as planned: one store's failure never stops its own or another's sweeping.
 */
public final class ExpirySweeper implements AutoCloseable {

	/** The name of the sweeper's thread, so tests and thread dumps can find it. */
	public static final String THREAD_NAME = "polycache-expiry-sweeper";

	private static final Log logger = LogFactory.getLog(ExpirySweeper.class);

	private static final Duration FAILURE_LOG_INTERVAL = Duration.ofSeconds(10);

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	private boolean closed;

	public ExpirySweeper(Duration interval) {
		this.interval = interval;
	}

	/** Sweeps {@code store} every interval from now until this sweeper is closed. */
	public synchronized void register(String cacheName, CacheStore<?, ?> store) {
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
		long millis = this.interval.toMillis();
		RateLimitedLog failures = new RateLimitedLog(logger, FAILURE_LOG_INTERVAL);
		this.executor.scheduleWithFixedDelay(() -> sweep(cacheName, store, failures), millis, millis,
				TimeUnit.MILLISECONDS);
	}

	/**
	 * One sweep of one store. It never throws: a scheduled task that throws is never run
	 * again, so whatever a store throws, an {@code Error} included, is logged (at most once
	 * per store every ten seconds) and the next sweep runs as planned.
	 */
	private static void sweep(String cacheName, CacheStore<?, ?> store, RateLimitedLog failures) {
		try {
			store.removeExpired();
		}
		catch (Throwable ex) {
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
