package io.polycache.core;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.CacheManager;

/**
 * A {@link CacheManager} over a fixed set of Polycache caches. Asking it for a cache it
 * does not serve gives {@code null}, as Spring's contract says, so a
 * {@code CompositeCacheManager} can ask the next manager; the auto-configuration's cache
 * resolver turns an unknown name in {@code @Cacheable} into an error listing the caches.
 * <p>Immutable and thread-safe.
 */
public final class PolycacheCacheManager implements CacheManager {

	private final Map<String, ExtendedCache> caches;

	public PolycacheCacheManager(Collection<? extends ExtendedCache> caches) {
		Map<String, ExtendedCache> byName = new LinkedHashMap<>();
		caches.forEach(cache -> byName.put(cache.getName(), cache));
		this.caches = Collections.unmodifiableMap(byName);
	}

	/** The cache with that name, or {@code null} if this manager does not serve it. */
	@Override
	public @Nullable ExtendedCache getCache(String name) {
		return this.caches.get(name);
	}

	@Override
	public Collection<String> getCacheNames() {
		return this.caches.keySet();
	}

	@Override
	public String toString() {
		return "PolycacheCacheManager" + this.caches.keySet();
	}

}
