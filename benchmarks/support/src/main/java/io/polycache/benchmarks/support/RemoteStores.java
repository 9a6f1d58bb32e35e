package io.polycache.benchmarks.support;

import java.util.function.Predicate;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.FailOpenStore;
import io.polycache.core.OutageGuardStore;

/**
 * Wraps a remote backend's store as the auto-configuration does
 * ({@code PolycacheCaches.createCache}), so a benchmark measures what an application runs:
 * the outage guard unless the cache's {@code outage-window} is zero, then fail-open if the
 * cache has it. Stateless and thread-safe.
 */
public final class RemoteStores {

	private RemoteStores() {
	}

	/**
	 * The store as an application's cache gets it.
	 * @param outages which failures mean the server is unreachable, as the backend's
	 * auto-configuration declares them (for instance {@code RedisOutages::isOutage})
	 */
	public static CacheStore asConfigured(CacheSettings settings, CacheStore store,
			Predicate<RuntimeException> outages) {
		CacheStore wrapped = store;
		if (!settings.outageWindow().isZero()) {
			wrapped = new OutageGuardStore(wrapped, outages, settings.outageWindow());
		}
		if (settings.failOpen()) {
			wrapped = new FailOpenStore(settings.name(), wrapped);
		}
		return wrapped;
	}

}
