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
	 * reading time from {@code clock} and recording evictions and expirations in {@code stats}.
	 */
	public static CacheStore create(CacheSettings settings, Clock clock, StatsCounter stats) {
		return new LocalStore(settings.maxEntries(), settings.eviction(), clock, stats, new SplittableRandom());
	}

}
