package io.polycache.local;

import java.time.Clock;
import java.util.SplittableRandom;

import io.polycache.core.CacheSettings;
import io.polycache.spi.CacheStore;
import io.polycache.spi.StoreEvents;

/**
 * Creates local-memory stores. The store itself stays package-private; this is the one
 * way in.
 */
public final class LocalStores {

	private LocalStores() {
	}

	/**
	 * A store bounded by {@code settings.maxEntries()} with {@code settings.eviction()},
	 * recording evictions and expirations in {@code events}. Expiry is timed by
	 * {@link System#nanoTime} when {@code clock} is a system clock, so that a step of the
	 * wall clock neither expires nor revives entries; any other clock (a test's) is read as is.
	 */
	public static CacheStore<Object, Object> create(CacheSettings settings, Clock clock, StoreEvents events) {
		return new LocalStore<>(Counters.OBJECTS, settings.maxEntries(), settings.eviction(), clock, events,
				new SplittableRandom());
	}

	/**
	 * A store as {@link #create} makes it that holds serialized copies ({@code store-by-value}):
	 * a counter in it is decimal text, as in a store shared between processes.
	 */
	public static CacheStore<Object, byte[]> createByValue(CacheSettings settings, Clock clock, StoreEvents events) {
		return new LocalStore<>(Counters.BYTES, settings.maxEntries(), settings.eviction(), clock, events,
				new SplittableRandom());
	}

}
