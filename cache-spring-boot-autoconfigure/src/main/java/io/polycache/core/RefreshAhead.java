package io.polycache.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Refresh-ahead for one cache: a value loaded longer than {@code refreshAfter} ago is
 * reloaded in the background, once however many readers see it, while readers keep
 * getting the old value. A reload that fails keeps the old value, is logged, and is tried
 * again at the first read after another {@code refreshAfter}. A reload that finishes after
 * its key was written or evicted in this JVM is discarded, so it cannot bring back a value
 * an application just replaced or removed.
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

	/** Keys written or evicted while their reload ran: the reload's value is stale. */
	private final Set<Object> superseded = ConcurrentHashMap.newKeySet();

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
	 * Starts a background reload if the value is due and no reload of this key is running
	 * or recently failed.
	 * @param load loads the new value, or throws
	 * @param store stores what {@code load} returned, unless the key was written or evicted
	 * since the reload started
	 */
	void refreshIfDue(Object storeKey, ValueCodec.Loaded loaded, Callable<?> load, Consumer<@Nullable Object> store) {
		long now = this.clock.millis();
		if (now - loaded.loadedAt() < this.refreshAfterMillis || !this.running.add(storeKey)) {
			return;
		}
		this.superseded.remove(storeKey);
		Long retryAt = this.retryAfter.get(storeKey);
		if (retryAt != null && now < retryAt) {
			this.running.remove(storeKey);
			return;
		}
		try {
			this.executor.execute(() -> reload(storeKey, load, store));
		}
		catch (RejectedExecutionException ex) {
			this.running.remove(storeKey);
			this.log.warn("Refresh of a value in cache '" + this.cacheName + "' skipped: the refresh queue is full", ex);
		}
	}

	/**
	 * The key was written or evicted: a reload of it under way loaded what was there
	 * before, and must not store it. Within this JVM only.
	 */
	void supersede(Object storeKey) {
		if (this.running.contains(storeKey)) {
			this.superseded.add(storeKey);
		}
	}

	/** Every key was evicted: no reload under way may store its value. */
	void supersedeAll() {
		this.superseded.addAll(this.running);
	}

	private void reload(Object storeKey, Callable<?> load, Consumer<@Nullable Object> store) {
		try {
			Object value = load.call();
			if (!this.superseded.remove(storeKey)) {
				store.accept(value);
				this.stats.recordRefresh(true);
			}
			this.retryAfter.remove(storeKey);
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
