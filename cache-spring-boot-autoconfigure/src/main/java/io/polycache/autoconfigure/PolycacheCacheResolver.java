package io.polycache.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheOperationInvocationContext;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheResolver;

/**
 * Resolves the caches an annotated method names against the application's
 * {@code CacheManager}, as Spring's {@link SimpleCacheResolver} does, but fails on an
 * unknown name with a message that lists the caches the manager has and says where to
 * declare one. {@code CacheManager.getCache} itself answers {@code null} for an unknown
 * name, as Spring's contract says; this is where that {@code null} becomes an error.
 * <p>Thread-safe: the manager is looked up on first use and only read afterwards.
 */
final class PolycacheCacheResolver implements CacheResolver {

	private final Supplier<CacheManager> cacheManager;

	/** @param cacheManager where the primary {@code CacheManager} is found, when first needed */
	PolycacheCacheResolver(Supplier<CacheManager> cacheManager) {
		this.cacheManager = cacheManager;
	}

	@Override
	public Collection<? extends Cache> resolveCaches(CacheOperationInvocationContext<?> context) {
		CacheManager manager = this.cacheManager.get();
		List<Cache> caches = new ArrayList<>();
		for (String name : context.getOperation().getCacheNames()) {
			Cache cache = manager.getCache(name);
			if (cache == null) {
				throw new IllegalArgumentException("No cache named '" + name + "' for " + context.getMethod()
						+ ". Configured caches: " + manager.getCacheNames() + ". Declare it under cache.backends."
						+ name + " or fix the name.");
			}
			caches.add(cache);
		}
		return caches;
	}

}
