package io.polycache.core;

import java.util.Locale;

/**
 * Why an entry left a cache, as a {@link CacheRemoval} and the {@code cache.removals}
 * meter's {@code cause} tag report it. The names follow Caffeine's and Guava's
 * {@code RemovalCause}, with {@link #CLEARED} for a whole cache emptied at once.
 */
public enum RemovalCause {

	/** Removed by the application: {@code evict}, {@code evictIfPresent}, a bulk evict. */
	EXPLICIT,

	/** Its value was overwritten while it was live: a {@code put} or an {@code increment}. */
	REPLACED,

	/** Its TTL had passed; found on a read or a write, or reclaimed in the background. */
	EXPIRED,

	/** Evicted by the eviction policy to make room under {@code max-entries}. */
	EVICTED,

	/** Removed with every other entry of its cache by {@code clear} or {@code invalidate}. */
	CLEARED;

	/** Whether the cache removed the entry on its own (expired or evicted), not the application. */
	public boolean wasAutomatic() {
		return this == EXPIRED || this == EVICTED;
	}

	/** The {@code cause} tag: the name in lower case. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
