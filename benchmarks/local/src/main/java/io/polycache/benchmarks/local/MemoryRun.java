package io.polycache.benchmarks.local;

import java.time.Duration;
import java.util.Locale;

import org.openjdk.jol.info.GraphLayout;

import org.springframework.cache.Cache;

/**
 * Retained heap per entry of each {@link Implementation} holding {@link CacheBenchmark#CACHE_SIZE}
 * entries, without a TTL and with one (Polycache's {@code ttl}, Caffeine's
 * {@code expireAfterWrite}): JOL's {@link GraphLayout} walk of everything reachable from
 * the Spring {@link Cache}, less the keys and values themselves (the same objects in every
 * cache), divided by the entry count. Run in a JVM of its own by {@link Compare}; prints
 * one {@code MEMORY} line per implementation and TTL.
 */
public final class MemoryRun {

	private MemoryRun() {
	}

	public static void main(String[] args) {
		int entries = CacheBenchmark.CACHE_SIZE;
		Object[] keys = new Object[entries];
		for (int i = 0; i < entries; i++) {
			keys[i] = (long) i;
		}
		long keysAndValues = GraphLayout.parseInstance(keys).totalSize();
		for (Duration ttl : new Duration[] { Duration.ZERO, Scenario.ADVERSARIAL.ttl() }) {
			for (Implementation implementation : Implementation.values()) {
				Cache cache = implementation.create(entries, ttl, Runnable::run);
				for (Object key : keys) {
					// The key is its own value, so values add nothing to what is subtracted.
					cache.put(key, key);
				}
				if (cache.getNativeCache() instanceof com.github.benmanes.caffeine.cache.Cache<?, ?> caffeine) {
					caffeine.cleanUp();
				}
				long present = 0;
				for (Object key : keys) {
					if (cache.get(key) != null) {
						present++;
					}
				}
				long total = GraphLayout.parseInstance(cache).totalSize();
				System.out.printf(Locale.ROOT, "MEMORY %s %d %.2f %d %d%n", implementation, ttl.toSeconds(),
						(double) (total - keysAndValues) / entries, total - keysAndValues, present);
			}
		}
	}

}
