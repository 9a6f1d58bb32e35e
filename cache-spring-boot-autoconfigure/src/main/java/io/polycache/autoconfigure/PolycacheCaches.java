package io.polycache.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.ExpirySweeper;
import io.polycache.core.KeyMapper;
import io.polycache.core.NoneStore;
import io.polycache.core.PolycacheCacheManager;
import io.polycache.core.StatsCounter;
import io.polycache.core.StoreCache;
import io.polycache.local.LocalStores;

/**
 * Every configured cache, built once from the properties at start-up, and the
 * background work they share. The {@code CacheManager} beans are views over it; closing
 * the application context closes the stores and stops the expiry sweeper.
 */
final class PolycacheCaches implements DisposableBean {

	/** How often expired entries are reclaimed in the background. */
	static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

	private final Map<String, StoreCache> caches = new LinkedHashMap<>();

	private final ExpirySweeper sweeper = new ExpirySweeper(SWEEP_INTERVAL);

	PolycacheCaches(PolycacheProperties properties) {
		this(properties, Clock.systemUTC());
	}

	PolycacheCaches(PolycacheProperties properties, Clock clock) {
		try {
			properties.getBackends().forEach((name, backend) -> {
				CacheSettings settings = CacheSettingsResolver.resolve(name, backend, properties.getDefaults());
				BackendType type = properties.isEnabled() ? backend.getType() : BackendType.NONE;
				this.caches.put(name, createCache(settings, type, clock));
			});
		}
		catch (RuntimeException ex) {
			destroy();
			throw ex;
		}
	}

	private StoreCache createCache(CacheSettings settings, BackendType type, Clock clock) {
		StatsCounter stats = new StatsCounter();
		CacheStore store = switch (type) {
			case LOCAL_MEMORY -> LocalStores.create(settings, clock, stats);
			case NONE -> new NoneStore();
			// CacheSettingsResolver has already refused the types this version does not ship.
			case FILE_SYSTEM, MEMCACHED, REDIS -> throw new IllegalStateException("Unavailable backend " + type);
		};
		if (type == BackendType.LOCAL_MEMORY) {
			this.sweeper.register(settings.name(), store);
		}
		return new StoreCache(settings, store, KeyMapper.identity(), stats);
	}

	/** A manager serving every configured cache. */
	PolycacheCacheManager allCaches() {
		return new PolycacheCacheManager(this.caches.values());
	}

	/** A manager serving the one named cache, for the {@code <name>CacheManager} bean. */
	PolycacheCacheManager cacheManager(String name) {
		return new PolycacheCacheManager(List.of(allCaches().getCache(name)));
	}

	@Override
	public void destroy() {
		this.sweeper.close();
		List<RuntimeException> failures = new ArrayList<>();
		this.caches.values().forEach(cache -> {
			try {
				cache.getNativeCache().close();
			}
			catch (RuntimeException ex) {
				failures.add(ex);
			}
		});
		if (!failures.isEmpty()) {
			IllegalStateException failure = new IllegalStateException("Closing " + failures.size() + " cache store(s) failed");
			failures.forEach(failure::addSuppressed);
			throw failure;
		}
	}

}
