package io.polycache.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheRemoval;
import io.polycache.core.CacheRemovalListener;
import io.polycache.core.RemovalCause;

/**
 * Delivers removals to the application's {@link CacheRemovalListener}s off the callers'
 * threads: a store's thread only offers a report to a bounded queue, and one daemon
 * thread turns each into a {@link CacheRemoval} and calls the listeners, in queue order.
 * <p>A report that finds the queue full is dropped, counted ({@link #dropped()}) and
 * logged, at most once per ten seconds; a listener that throws (anything, errors too) is logged the same way,
 * and the others still hear of the removal. {@link #close()} delivers what is queued
 * (for at most the time given), then stops the thread; reports offered after that are
 * dropped and counted.
 * <p>Thread-safe: {@link #queue} may be called from any thread, under any lock.
 */
public final class RemovalDispatcher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RemovalDispatcher.class);

	private final List<CacheRemovalListener> listeners;

	private final BlockingQueue<Report> queue;

	private final int capacity;

	private final LongAdder dropped = new LongAdder();

	private final RateLimitedLog drops = new RateLimitedLog(logger, Duration.ofSeconds(10));

	private final RateLimitedLog failures = new RateLimitedLog(logger, Duration.ofSeconds(10));

	private final Thread thread;

	private volatile boolean closed;

	/**
	 * Starts the delivery thread.
	 * @param listeners the application's listeners, in the order they are called
	 * @param capacity how many removals may wait for delivery
	 */
	public RemovalDispatcher(List<CacheRemovalListener> listeners, int capacity) {
		this.listeners = List.copyOf(listeners);
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.capacity = capacity;
		this.thread = new Thread(this::run, "polycache-removals");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * The reports of one cache, or {@code null} if no listener hears that cache.
	 * @param cacheName the cache's name
	 * @param keys turns a store key into the key a listener sees
	 */
	public @Nullable CacheRemovals forCache(String cacheName, CacheRemovals.KeyForm keys) {
		List<CacheRemovalListener> hearing = this.listeners.stream()
			.filter((listener) -> listener.supportsCache(cacheName))
			.toList();
		return hearing.isEmpty() ? null : new CacheRemovals(this, cacheName, hearing, keys);
	}

	/** Queues one report without waiting; drops and counts it if the queue is full or closed. */
	void queue(CacheRemovals cache, RemovalCause cause, Object key, @Nullable Object value) {
		if (this.closed || !this.queue.offer(new Report(cache, cause, key, value))) {
			this.dropped.increment();
			cache.countDrop();
			// The message is built only when logged: this runs on the caller's thread, as
			// often as removals arrive while the queue is full.
			this.drops.warn(() -> "Cache '" + cache.cacheName() + "' dropped a removal event (" + cause.tag()
					+ "): the queue of " + this.capacity + " is full (cache.removal-events.queue-capacity) or closed; "
					+ this.dropped.sum() + " dropped so far", null);
		}
	}

	/** How many reports were dropped because the queue was full or closed. */
	public long dropped() {
		return this.dropped.sum();
	}

	/** How many reports wait for delivery. */
	public int pending() {
		return this.queue.size();
	}

	private void run() {
		try {
			while (!this.closed || !this.queue.isEmpty()) {
				Report report = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (report != null) {
					deliver(report);
				}
			}
		}
		catch (InterruptedException ex) {
			// Closing and out of time: what is still queued is not delivered, and is counted
			// as dropped for its cache too (cache.removals.dropped).
			Report report;
			while ((report = this.queue.poll()) != null) {
				this.dropped.increment();
				report.cache().countDrop();
			}
		}
	}

	private void deliver(Report report) {
		CacheRemoval removal = report.cache().toRemoval(report.cause(), report.key(), report.value());
		for (CacheRemovalListener listener : report.cache().listeners()) {
			try {
				listener.onRemoval(removal);
			}
			catch (Throwable ex) {
				// Any throwable (an AssertionError, a checked exception thrown sneakily): as
				// Caffeine does, it is logged and delivery goes on, since the thread's death
				// would drop every later removal of every cache.
				this.failures.warn("Removal listener " + listener + " failed on " + removal, ex);
			}
		}
	}

	/** Delivers what is queued, for at most 5 seconds, then stops the delivery thread. */
	@Override
	public void close() {
		close(Duration.ofSeconds(5));
	}

	/** Delivers what is queued, for at most {@code wait}, then stops the delivery thread. */
	public void close(Duration wait) {
		this.closed = true;
		try {
			this.thread.join(wait.toMillis());
			if (this.thread.isAlive()) {
				this.thread.interrupt();
				this.thread.join(wait.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Whether the delivery thread is still running, for tests. */
	boolean isRunning() {
		return this.thread.isAlive();
	}

	private record Report(CacheRemovals cache, RemovalCause cause, Object key, @Nullable Object value) {
	}

}
