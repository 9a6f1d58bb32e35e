package io.polycache.sample;

import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheStatistics;
import io.polycache.core.ExtendedCache;

/** One cache in {@code GET /caches}: its counters since start-up, and its size ({@code null} if uncountable). */
record CacheReport(String name, @Nullable Long size, CacheStatistics statistics) {

	static CacheReport of(ExtendedCache cache) {
		OptionalLong size = cache.size();
		return new CacheReport(cache.getName(), size.isPresent() ? size.getAsLong() : null, cache.statistics());
	}

}
