package io.polycache.sample;

import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheStatistics;
import io.polycache.core.ExtendedCache;
import io.polycache.core.NearStatistics;

/**
 * One cache in {@code GET /caches}: its counters since start-up, its size ({@code null} if
 * uncountable), and its near tier's counters ({@code null} without one).
 */
record CacheReport(String name, @Nullable Long size, CacheStatistics statistics, @Nullable NearStatistics near) {

	static CacheReport of(ExtendedCache cache) {
		OptionalLong size = cache.size();
		return new CacheReport(cache.getName(), size.isPresent() ? size.getAsLong() : null, cache.statistics(),
				cache.nearStatistics().orElse(null));
	}

}
