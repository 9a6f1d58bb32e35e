package io.polycache.benchmarks.local;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.concurrent.ConcurrentMapCache;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.internal.StoreCache;
import io.polycache.local.LocalStores;

/**
 * The caches compared, each built the way a Spring Boot application would get it and
 * used only through Spring's {@link Cache}: Polycache's local-memory store with each
 * policy, Spring's {@link CaffeineCache} over Caffeine with the same maximum size, and
 * the unbounded {@link ConcurrentMapCache} as the upper limit.
 */
enum Implementation {

	FIFO, LIFO, LRU, MRU, LFU, RANDOM, CAFFEINE,

	/**
	 * Caffeine with its maintenance (eviction, reordering, expiry) on the calling thread
	 * ({@code executor(Runnable::run)}): about the work it does per operation, without the
	 * second processor its default executor lends it; the maintenance then runs after every
	 * write instead of once for many, which may cost more per put. Not a baseline for the
	 * ratios, which are to {@link #CAFFEINE}, as an application gets it.
	 */
	CAFFEINE_CALLER,

	CONCURRENT_MAP;

	/**
	 * A fresh, empty cache bounded to {@code maximumSize} entries (except the unbounded map),
	 * each entry living {@code ttl} after it is written ({@link Duration#ZERO}: forever):
	 * Polycache's {@code ttl} setting, Caffeine's {@code expireAfterWrite}; the unbounded map
	 * has no expiry. Caffeine runs its maintenance on {@code caffeineExecutor} when given
	 * (the memory measurement uses the calling thread, so the heap walk does not wander into
	 * the common pool), else on its default, as an application gets it;
	 * {@link #CAFFEINE_CALLER} always on the calling thread.
	 */
	Cache create(int maximumSize, Duration ttl, Executor caffeineExecutor) {
		return create(maximumSize, ttl, caffeineExecutor, false);
	}

	/**
	 * As {@link #create(int, Duration, Executor)}; with {@code booted}, a Polycache cache
	 * comes from an application booted with properties only ({@link BootedCaches}), and
	 * Caffeine and the unbounded map are built as before (what Spring Boot gives for them).
	 */
	Cache create(int maximumSize, Duration ttl, Executor caffeineExecutor, boolean booted) {
		if (booted && isPolycache()) {
			return BootedCaches.create(EvictionPolicy.valueOf(name()), maximumSize, ttl);
		}
		return switch (this) {
			case CAFFEINE, CAFFEINE_CALLER -> {
				Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maximumSize);
				if (!ttl.isZero()) {
					builder.expireAfterWrite(ttl);
				}
				if (this == CAFFEINE_CALLER) {
					builder.executor(Runnable::run);
				}
				else if (caffeineExecutor != null) {
					builder.executor(caffeineExecutor);
				}
				yield new CaffeineCache("caffeine", builder.build(), true);
			}
			case CONCURRENT_MAP -> new ConcurrentMapCache("concurrent-map");
			default -> Direct.create(EvictionPolicy.valueOf(name()), maximumSize, ttl);
		};
	}

	boolean isPolycache() {
		return this != CAFFEINE && this != CAFFEINE_CALLER && this != CONCURRENT_MAP;
	}

	/**
	 * Polycache built directly, as the auto-configuration builds a {@code local-memory}
	 * cache from its properties. A class of its own, so that {@link Implementation} loads
	 * without the store's internal types: {@code benchmarks/run local-outside} can then run
	 * the booted case against an older store ({@code STORE_COMMIT}), whose internals differ.
	 */
	private static final class Direct {

		static Cache create(EvictionPolicy policy, int maximumSize, Duration ttl) {
			CacheSettings settings = CacheSettings.builder("polycache-" + policy.name().toLowerCase())
				.maxEntries(maximumSize)
				.ttl(ttl)
				.eviction(policy)
				.build();
			StatsCounter stats = new StatsCounter();
			return StoreCache.builder(settings, LocalStores.create(settings, Clock.systemUTC(), stats))
				.stats(stats)
				.build();
		}

	}

}
