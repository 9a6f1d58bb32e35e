package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheWarmer;
import io.polycache.core.ExtendedCache;
import io.polycache.core.WarmUp;

/**
 * The warm-up of one cache: its warmers, what they did so far, and where it stands. The
 * {@link WarmUp} its warmers write through; the health indicator and the progress log
 * read its {@link #progress} from other threads.
 * <p>Thread-safe: the counts are {@link LongAdder}s; the state and times are volatile
 * fields written by the one thread in {@link #run} (and the stop flag by {@link #stop()}).
 */
final class WarmupRun implements WarmUp {

	/** Where a warm-up stands. */
	enum State {

		/** Waiting for a thread. */
		PENDING,
		/** Its warmers are running. */
		RUNNING,
		/** Every warmer returned. */
		DONE,
		/** A warmer threw; the others ran. */
		FAILED,
		/** The context closed before it ended. */
		STOPPED

	}

	private final ExtendedCache cache;

	private final List<CacheWarmer> warmers;

	private final LongAdder stored = new LongAdder();

	private final LongAdder loaded = new LongAdder();

	private final LongAdder skipped = new LongAdder();

	private volatile State state = State.PENDING;

	private volatile boolean stopping;

	private volatile long startedAt;

	private volatile long endedAt;

	private volatile @Nullable String failure;

	WarmupRun(ExtendedCache cache, List<CacheWarmer> warmers) {
		this.cache = cache;
		this.warmers = List.copyOf(warmers);
	}

	/**
	 * Runs the warmers one after the other, on the calling thread. A warmer that throws is
	 * logged and the next one runs; once {@link #stop()} was called, no further warmer
	 * starts, and what the running one throws ends the run as stopped, not failed. A
	 * {@link VirtualMachineError} is rethrown after it is logged and the run has ended.
	 */
	void run(Log logger) {
		String name = cacheName();
		this.startedAt = System.nanoTime();
		this.state = State.RUNNING;
		logger.info("Warming cache '" + name + "' in the background ("
				+ this.warmers.stream().map(CacheWarmups::className).collect(Collectors.joining(", ")) + ")");
		State ending = State.DONE;
		String firstFailure = null;
		try {
			for (CacheWarmer warmer : this.warmers) {
				if (this.stopping) {
					ending = State.STOPPED;
					break;
				}
				try {
					warmer.warm(this);
				}
				catch (Throwable ex) {
					if (this.stopping) {
						ending = State.STOPPED;
						break;
					}
					ending = State.FAILED;
					String warmerName = CacheWarmups.className(warmer);
					firstFailure = (firstFailure != null) ? firstFailure : warmerName + ": " + ex;
					logger.warn("The cache warmer " + warmerName + " of cache '" + name
							+ "' failed; the cache keeps what was written, and is usable", ex);
					if (ex instanceof VirtualMachineError error) {
						throw error;
					}
				}
			}
		}
		finally {
			this.endedAt = System.nanoTime();
			this.failure = firstFailure;
			this.state = ending;
		}
	}

	/** Makes every further call through this warm-up throw {@link CancellationException}. */
	void stop() {
		this.stopping = true;
	}

	/** A consistent-enough snapshot: the counts are read one after the other. */
	Progress progress(long nanoTime) {
		State current = this.state;
		long start = this.startedAt;
		Duration elapsed = switch (current) {
			case PENDING -> Duration.ZERO;
			case RUNNING -> Duration.ofNanos(nanoTime - start);
			default -> Duration.ofNanos(this.endedAt - start);
		};
		return new Progress(cacheName(), current, stored(), loaded(), skipped(), elapsed, this.failure);
	}

	@Override
	public String cacheName() {
		return this.cache.getName();
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		checkNotStopping();
		this.cache.put(key, value);
		this.stored.increment();
	}

	@Override
	public boolean putIfAbsent(Object key, @Nullable Object value) {
		checkNotStopping();
		boolean stored = this.cache.putIfAbsent(key, value) == null;
		(stored ? this.stored : this.skipped).increment();
		return stored;
	}

	@Override
	public <T> @Nullable T load(Object key, Callable<T> loader) {
		checkNotStopping();
		AtomicBoolean ran = new AtomicBoolean();
		T value = this.cache.get(key, () -> {
			ran.set(true);
			return loader.call();
		});
		(ran.get() ? this.loaded : this.skipped).increment();
		return value;
	}

	@Override
	public boolean contains(Object key) {
		checkNotStopping();
		return this.cache.contains(key);
	}

	@Override
	public ExtendedCache cache() {
		return this.cache;
	}

	@Override
	public long stored() {
		return this.stored.sum();
	}

	@Override
	public long loaded() {
		return this.loaded.sum();
	}

	@Override
	public long skipped() {
		return this.skipped.sum();
	}

	private void checkNotStopping() {
		if (this.stopping) {
			throw new CancellationException(
					"The warm-up of cache '" + cacheName() + "' was stopped: the application context is closing");
		}
	}

	/**
	 * Where one cache's warm-up stands.
	 * @param elapsed how long it has run, or ran; zero while pending
	 * @param failure the first warmer failure, or {@code null}
	 */
	record Progress(String cacheName, State state, long stored, long loaded, long skipped, Duration elapsed,
			@Nullable String failure) {

		/** The counts, as the log shows them. */
		String counts() {
			return this.stored + " stored, " + this.loaded + " loaded, " + this.skipped + " skipped (already cached)";
		}

	}

}
