package io.polycache.sample;

import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStatistics;
import io.polycache.core.ExtendedCache;
import io.polycache.core.NearStatistics;
import io.polycache.sample.LoadTimes.LoadTime;

/**
 * One cache in {@code GET /caches}.
 *
 * @param name the cache's name
 * @param backend its type, as configured ({@code local-memory}, {@code redis}, ...)
 * @param policy its eviction policy ({@code LFU}, ...), {@code null} where the backend
 * does not bound its own size (redis, memcached, none)
 * @param bound its {@code max-entries}, {@code 0} for unbounded, {@code null} where the
 * backend does not bound its own size
 * @param size its entries now, {@code null} if uncountable
 * @param hitRatio hits divided by reads since start-up, {@code null} before the first read
 * @param statistics its counters since start-up
 * @param load its loads since start-up, timed in the sample's services
 * @param near its near tier's counters, {@code null} without one
 */
record CacheReport(String name, String backend, @Nullable String policy, @Nullable Long bound, @Nullable Long size,
		@Nullable Double hitRatio, CacheStatistics statistics, LoadTime load, @Nullable NearStatistics near) {

	/**
	 * The report of {@code cache} now.
	 * @param boundsItself whether its backend applies {@code max-entries} and {@code eviction}
	 */
	static CacheReport of(ExtendedCache cache, String backend, boolean boundsItself, LoadTime load) {
		OptionalLong size = cache.size();
		CacheSettings settings = cache.settings();
		CacheStatistics statistics = cache.statistics();
		return new CacheReport(cache.getName(), backend, boundsItself ? settings.eviction().name() : null,
				boundsItself ? settings.maxEntries() : null, size.isPresent() ? size.getAsLong() : null,
				(statistics.requests() != 0) ? statistics.hitRatio() : null, statistics, load,
				cache.nearStatistics().orElse(null));
	}

}
