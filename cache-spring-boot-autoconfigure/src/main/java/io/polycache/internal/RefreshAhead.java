package io.polycache.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.spi.ValueCodec;

/**
 * Refresh-ahead for one cache: a value loaded longer than {@code refreshAfter} ago is
 * reloaded in the background, once however many readers see it, while readers keep
 * getting the old value. A reload that fails keeps the old value, is logged, and is tried
 * again at the first read after another {@code refreshAfter}. A reload that finishes after
 * its key was written or evicted in this JVM is discarded, so it cannot bring back a value
 * an application just replaced or removed.
 * <p>Each reload under way holds a token in a map. {@link #supersede} removes the token,
 * and waits if the reload is storing its value at that moment; the reload stores only
 * while holding its own token, checked and stored under the token's lock. So a write that
 * supersedes the key before it reaches the store always comes after the reload's store,
 * or finds the reload discarded. The map holds only reloads under way (nothing is left
 * behind by a reload that finished, failed or could not be scheduled), plus at most
 * {@value #MAX_REMEMBERED_FAILURES} remembered failures.
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

	/** The token of each reload under way, by key. */
	private final ConcurrentMap<Object, Object> running = new ConcurrentHashMap<>();

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
	 * Starts a background reload if the value is due and no reload of this key is running
	 * or recently failed. An executor that refuses or fails the task only skips this
	 * reload: the next due read tries again.
	 * @param load loads the new value, or throws
	 * @param store stores what {@code load} returned, unless the key was written or evicted
	 * since the reload started; it must not call {@link #supersede}
	 */
	void refreshIfDue(Object storeKey, ValueCodec.Loaded loaded, Callable<?> load, Consumer<@Nullable Object> store) {
		refreshIfDue(storeKey, loaded, Reload.of(load, store));
	}

	/** {@link #refreshIfDue(Object, ValueCodec.Loaded, Callable, Consumer)}, for a {@link Reload}. */
	void refreshIfDue(Object storeKey, ValueCodec.Loaded loaded, Reload reload) {
		if (isDue(loaded)) {
			refresh(storeKey, reload);
		}
	}

	/** Whether the value was loaded {@code refresh-after} or longer ago. */
	boolean isDue(ValueCodec.Loaded loaded) {
		return this.clock.millis() - loaded.loadedAt() >= this.refreshAfterMillis;
	}

	/**
	 * Starts a background reload unless one of this key is running or recently failed,
	 * whatever the value's age.
	 */
	void refresh(Object storeKey, Reload reload) {
		Long retryAt = this.retryAfter.get(storeKey);
		if (retryAt != null && this.clock.millis() < retryAt) {
			return;
		}
		Object token = new Object();
		if (this.running.putIfAbsent(storeKey, token) != null) {
			return;
		}
		boolean scheduled = false;
		try {
			this.executor.execute(() -> reload(storeKey, token, reload));
			scheduled = true;
		}
		catch (RejectedExecutionException ex) {
			this.log.warn("Refresh of a value in cache '" + this.cacheName + "' skipped: the refresh queue is full", ex);
		}
		catch (RuntimeException ex) {
			this.log.warn("Refresh of a value in cache '" + this.cacheName + "' skipped: its executor failed", ex);
		}
		finally {
			if (!scheduled) {
				this.running.remove(storeKey, token);
			}
		}
	}

	/**
	 * The key is about to be written or evicted: a reload of it under way loaded what was
	 * there before, and must not store it. If the reload is storing right now, this waits
	 * until it has, so the caller's write lands after it. Within this JVM only.
	 */
	void supersede(Object storeKey) {
		Object token = this.running.remove(storeKey);
		if (token != null) {
			synchronized (token) {
				// Only waits for a store in progress: the token is gone, no other can start.
			}
		}
	}

	/** Every key is about to be evicted: no reload under way may store its value. */
	void supersedeAll() {
		this.running.keySet().forEach(this::supersede);
	}

	/** How many keys this refresher holds state for: reloads under way and remembered failures. */
	int tracked() {
		return this.running.size() + this.retryAfter.size();
	}

	private void reload(Object storeKey, Object token, Reload reload) {
		try {
			Object value = reload.load();
			if (value == Reload.SKIPPED) {
				return;
			}
			boolean stored = false;
			synchronized (token) {
				if (this.running.get(storeKey) == token) {
					reload.store(value);
					stored = true;
				}
			}
			if (stored) {
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
			this.running.remove(storeKey, token);
			reload.finished();
		}
	}

	/** One background reload of one key. */
	interface Reload {

		/** What {@link #load()} returns when there is nothing to store, neither success nor failure. */
		Object SKIPPED = new Object();

		/** Loads the new value, or returns {@link #SKIPPED}, or throws. */
		@Nullable Object load() throws Exception;

		/** Stores what {@link #load()} returned, unless the key was written or evicted since. */
		void store(@Nullable Object value);

		/** Called last, whatever happened, on the thread that ran the reload. */
		default void finished() {
		}

		static Reload of(Callable<?> load, Consumer<@Nullable Object> store) {
			return new Reload() {

				@Override
				public @Nullable Object load() throws Exception {
					return load.call();
				}

				@Override
				public void store(@Nullable Object value) {
					store.accept(value);
				}

			};
		}

	}

}
