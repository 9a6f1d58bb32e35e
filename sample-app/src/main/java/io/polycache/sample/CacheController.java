package io.polycache.sample;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.polycache.core.ExtendedCache;
import io.polycache.core.PolycacheCacheManager;

/**
 * Every cache's backend, bound, statistics, size and load times (what the dashboard at
 * {@code /} draws), and clearing one (its entries, not its counters).
 */
@RestController
@RequestMapping("/caches")
class CacheController {

	private final PolycacheCacheManager cacheManager;

	private final CacheBackends backends;

	private final LoadTimes loadTimes;

	CacheController(PolycacheCacheManager cacheManager, CacheBackends backends, LoadTimes loadTimes) {
		this.cacheManager = cacheManager;
		this.backends = backends;
		this.loadTimes = loadTimes;
	}

	@GetMapping
	List<CacheReport> caches() {
		return this.cacheManager.getCacheNames().stream().map(this::report).toList();
	}

	private CacheReport report(String name) {
		ExtendedCache cache = this.cacheManager.getCache(name);
		return CacheReport.of(cache, this.backends.type(name), this.backends.boundsItself(name),
				this.loadTimes.of(name));
	}

	/** Clears the named cache: 204 when done, 404 for a name no cache has. */
	@DeleteMapping("/{name}")
	ResponseEntity<Void> clear(@PathVariable String name) {
		ExtendedCache cache = this.cacheManager.getCache(name);
		if (cache == null) {
			return ResponseEntity.notFound().build();
		}
		cache.clear();
		return ResponseEntity.noContent().build();
	}

}
