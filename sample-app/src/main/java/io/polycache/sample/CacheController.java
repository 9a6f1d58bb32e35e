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

/** Every cache's statistics and size, and clearing one (its entries, not its counters). */
@RestController
@RequestMapping("/caches")
class CacheController {

	private final PolycacheCacheManager cacheManager;

	CacheController(PolycacheCacheManager cacheManager) {
		this.cacheManager = cacheManager;
	}

	@GetMapping
	List<CacheReport> caches() {
		return this.cacheManager.getCacheNames()
			.stream()
			.map((name) -> CacheReport.of(this.cacheManager.getCache(name)))
			.toList();
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
