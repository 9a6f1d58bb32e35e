package io.polycache.sample;

import org.springframework.cache.CacheManager;
import org.springframework.stereotype.Component;

import io.polycache.core.ExtendedCache;

/** Counts page views with {@code page-views}' atomic {@link ExtendedCache#increment}; counters live an hour. */
@Component
class PageViewCounter {

	static final String CACHE = "page-views";

	private final ExtendedCache views;

	PageViewCounter(CacheManager cacheManager) {
		if (!(cacheManager.getCache(CACHE) instanceof ExtendedCache cache)) {
			throw new IllegalStateException("Cache '" + CACHE + "' must be a Polycache cache, configured under "
					+ "cache.backends." + CACHE);
		}
		this.views = cache;
	}

	/** Records one view of the page, atomically, and returns the counter's new value. */
	long recordView(String page) {
		return this.views.increment(page, 1);
	}

}
