package io.polycache.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reclaims expired entries in the background, so that memory and disk do not hold dead
 * data between reads. One daemon thread, started by the first {@link #register} and
 * stopped by {@link #close()}, sweeps every registered store at a fixed interval.
 * <p>Thread-safe. A sweep that fails is logged and the next one runs as planned.
 */
public final class ExpirySweeper implements AutoCloseable {

	/** The name of the sweeper's thread, so tests and thread dumps can find it. */
	public static final String THREAD_NAME = "polycache-expiry-sweeper";

	private static final Log logger = LogFactory.getLog(ExpirySweeper.class);

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	private boolean closed;

	public ExpirySweeper(Duration interval) {
		this.interval = interval;
	}

	/** Sweeps {@code store} every interval from now until this sweeper is closed. */
	public synchronized void register(String cacheName, CacheStore store) {
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
		this.executor.scheduleWithFixedDelay(() -> sweep(cacheName, store), millis, millis, TimeUnit.MILLISECONDS);
	}

	private static void sweep(String cacheName, CacheStore store) {
		try {
			store.removeExpired();
		}
		catch (RuntimeException ex) {
			// Keep the schedule alive: a failed sweep only delays reclaiming, the next one retries.
			logger.warn("Sweeping expired entries of cache '" + cacheName + "' failed", ex);
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
