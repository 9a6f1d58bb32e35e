package io.polycache.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.commons.logging.LogFactory;

/**
 * Refresh-ahead for one cache: a value loaded longer than {@code refreshAfter} ago is
 * reloaded in the background, once however many readers see it, while readers keep
 * getting the old value. A reload that fails keeps the old value, is logged, and is tried
 * again at the first read after another {@code refreshAfter}.
 * <p>Thread-safe.
 */
final class RefreshAhead {

	/** Past this many remembered failures, forget them all rather than grow without bound. */
	private static final int MAX_REMEMBERED_FAILURES = 10_000;

	private final String cacheName;

	private final long refreshAfterMillis;

	private final Clock clock;

	private final Executor executor;

	private final StatsCounter stats;

	private final RateLimitedLog log;

	private final Set<Object> running = ConcurrentHashMap.newKeySet();

	private final ConcurrentMap<Object, Long> retryAfter = new ConcurrentHashMap<>();

	RefreshAhead(String cacheName, Duration refreshAfter, Clock clock, Executor executor, StatsCounter stats) {
		this.cacheName = cacheName;
		this.refreshAfterMillis = refreshAfter.toMillis();
		this.clock = clock;
		this.executor = executor;
		this.stats = stats;
		this.log = new RateLimitedLog(LogFactory.getLog(RefreshAhead.class), Duration.ofSeconds(10));
	}

	/** The time to record as a value's load time. */
	long now() {
		return this.clock.millis();
	}

	/**
	 * Starts {@code reload} in the background if the value is due and no reload of this key
	 * is running or recently failed.
	 * @param reload loads and stores the new value, or throws
	 */
	void refreshIfDue(Object storeKey, ValueCodec.Loaded loaded, Callable<?> reload) {
		long now = this.clock.millis();
		if (now - loaded.loadedAt() < this.refreshAfterMillis || !this.running.add(storeKey)) {
			return;
		}
		Long retryAt = this.retryAfter.get(storeKey);
		if (retryAt != null && now < retryAt) {
			this.running.remove(storeKey);
			return;
		}
		try {
			this.executor.execute(() -> reload(storeKey, reload));
		}
		catch (RejectedExecutionException ex) {
			this.running.remove(storeKey);
			this.log.warn("Refresh of a value in cache '" + this.cacheName + "' skipped: the refresh queue is full", ex);
		}
	}

	private void reload(Object storeKey, Callable<?> reload) {
		try {
			reload.call();
			this.retryAfter.remove(storeKey);
			this.stats.recordRefresh(true);
		}
		catch (Throwable ex) {
			if (this.retryAfter.size() >= MAX_REMEMBERED_FAILURES) {
				this.retryAfter.clear();
			}
			this.retryAfter.put(storeKey, this.clock.millis() + this.refreshAfterMillis);
			this.stats.recordRefresh(false);
			this.log.warn("Refresh of a value in cache '" + this.cacheName + "' failed; keeping the old value", ex);
		}
		finally {
			this.running.remove(storeKey);
		}
	}

}
