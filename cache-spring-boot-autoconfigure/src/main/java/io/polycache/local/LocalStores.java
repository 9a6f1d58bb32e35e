package io.polycache.local;

import java.time.Clock;
import java.util.SplittableRandom;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.StatsCounter;

/**
 * Creates local-memory stores. The store itself stays package-private; this is the one
 * way in.
 */
public final class LocalStores {

	private LocalStores() {
	}

	/**
	 * A store bounded by {@code settings.maxEntries()} with {@code settings.eviction()},
	 * recording evictions and expirations in {@code stats}. Expiry is timed by
	 * {@link System#nanoTime} when {@code clock} is a system clock, so that a step of the
	 * wall clock neither expires nor revives entries; any other clock (a test's) is read as is.
	 */
	public static CacheStore create(CacheSettings settings, Clock clock, StatsCounter stats) {
		return new LocalStore(settings.maxEntries(), settings.eviction(), clock, stats, new SplittableRandom());
	}

}
