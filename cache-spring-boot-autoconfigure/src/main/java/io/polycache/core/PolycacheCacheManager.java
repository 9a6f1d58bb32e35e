package io.polycache.core;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.cache.CacheManager;

/**
 * A {@link CacheManager} over a fixed set of Polycache caches. Asking it for a cache it
 * does not serve is an error that lists the caches it does serve, rather than a
 * {@code null} that surfaces later far from the typo.
 * <p>Immutable and thread-safe.
 */
public final class PolycacheCacheManager implements CacheManager {

	private final Map<String, ExtendedCache> caches;

	public PolycacheCacheManager(Collection<? extends ExtendedCache> caches) {
		Map<String, ExtendedCache> byName = new LinkedHashMap<>();
		caches.forEach(cache -> byName.put(cache.getName(), cache));
		this.caches = Collections.unmodifiableMap(byName);
	}

	/**
	 * The cache with that name.
	 * @throws IllegalArgumentException if this manager has no such cache; the message
	 * names the caches it has
	 */
	@Override
	public ExtendedCache getCache(String name) {
		ExtendedCache cache = this.caches.get(name);
		if (cache == null) {
			throw new IllegalArgumentException("No cache named '" + name + "'. Configured caches: "
					+ this.caches.keySet() + ". Declare it under cache.backends." + name + " or fix the name.");
		}
		return cache;
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
