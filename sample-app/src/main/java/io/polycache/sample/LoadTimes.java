package io.polycache.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * How long the slow services took, per cache, counted where they run: a cached method's
 * body runs only on a miss or a background refresh, so each call timed here is one load.
 * Polycache's own statistics count loads only through a loader ({@code sync = true}), not
 * plain {@code @Cacheable} methods, and keep no time.
 * <p>Thread-safe: recording never blocks; a {@link #of snapshot} may mix counts from
 * slightly different instants.
 */
@Component
class LoadTimes {

	private final Map<String, Totals> totals = new ConcurrentHashMap<>();

	/** Runs one load for {@code cache} and records how long it took, also when it throws. */
	<T> T time(String cache, Supplier<T> load) {
		long start = System.nanoTime();
		try {
			return load.get();
		}
		finally {
			Totals totals = this.totals.computeIfAbsent(cache, (name) -> new Totals());
			totals.nanos.add(System.nanoTime() - start);
			totals.count.increment();
		}
	}

	/** The loads of {@code cache} since start-up; none for a cache that never loaded. */
	LoadTime of(String cache) {
		Totals totals = this.totals.get(cache);
		return (totals != null) ? new LoadTime(totals.count.sum(), totals.nanos.sum() / 1e6) : new LoadTime(0, 0);
	}

	/**
	 * The loads of one cache since start-up.
	 * @param count loads that ran
	 * @param totalMillis their time together, in milliseconds
	 */
	record LoadTime(long count, double totalMillis) {
	}

	private static final class Totals {

		final LongAdder count = new LongAdder();

		final LongAdder nanos = new LongAdder();

	}

}
