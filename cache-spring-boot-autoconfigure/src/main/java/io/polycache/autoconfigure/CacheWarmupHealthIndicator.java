package io.polycache.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.polycache.autoconfigure.WarmupRun.Progress;
import io.polycache.autoconfigure.WarmupRun.State;

/**
 * The {@code cacheWarmup} health indicator: one detail per warmed cache, with its state
 * ({@code pending}, {@code running}, {@code done}, {@code failed}, {@code stopped}), its
 * counts so far and how long it has run, and for a failed one the first failure.
 * <p>Always UP: a cache being warmed, or whose warm-up failed, serves requests (it misses
 * more), so warming is no reason to take the instance out of service.
 */
final class CacheWarmupHealthIndicator implements HealthIndicator {

	private final CacheWarmups warmups;

	CacheWarmupHealthIndicator(CacheWarmups warmups) {
		this.warmups = warmups;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up();
		for (Progress progress : this.warmups.progress()) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("state", progress.state().name().toLowerCase(Locale.ROOT));
			detail.put("stored", progress.stored());
			detail.put("loaded", progress.loaded());
			detail.put("skipped", progress.skipped());
			detail.put("elapsed", progress.elapsed().toString());
			if (progress.state() == State.FAILED && progress.failure() != null) {
				detail.put("failure", progress.failure());
			}
			health.withDetail(progress.cacheName(), detail);
		}
		return health.build();
	}

}
