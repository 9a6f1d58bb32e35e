package io.polycache.internal;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/** What tests in other packages may see of a cache's refresh-ahead. */
public final class RefreshProbe {

	private RefreshProbe() {
	}

	/** How many keys refresh-ahead holds state for: reloads under way and remembered failures. */
	public static int tracked(Cache cache) {
		return ((AssembledCache) cache).storeCache().trackedRefreshes();
	}

	/** What the store holds for the key, without counting a read or refreshing it. */
	public static @Nullable Object stored(Cache cache, Object key) {
		return ((AssembledCache) cache).storeCache().stored(key);
	}

}
