package io.polycache.benchmarks.local;

import java.time.Duration;
import java.util.Locale;

import org.openjdk.jol.info.GraphLayout;

import org.springframework.cache.Cache;

/**
 * Heap per entry of each {@link Implementation}, without a TTL and with one (Polycache's
 * {@code ttl}, Caffeine's {@code expireAfterWrite}), measured with JOL's {@link GraphLayout}
 * walk of everything reachable from the Spring {@link Cache}, less the keys and values
 * themselves (the same objects in every cache). Three figures per implementation and TTL:
 * <ul>
 * <li><b>walk</b>: the whole walk of a cache bounded to and holding
 * {@link CacheBenchmark#CACHE_SIZE} entries, divided by that count; the figure every earlier
 * run printed. It counts objects the cache only refers to and that every cache in the JVM
 * shares (the logging system behind a logger, enum constants), and what a cache costs once.
 * <li><b>per entry</b>: what an entry adds: the walk of a cache bounded to and holding twice
 * as many entries, less the first, divided by the entries added. Every structure sized by
 * the bound or the count (map table, nodes, policy and expiry arrays, Caffeine's frequency
 * sketch) doubles with them; what does not cancels out.
 * <li><b>fixed</b>: what a cache costs once, whatever it holds: the first walk less its
 * entries at the per-entry figure, and less what the cache shares with every other cache of
 * the JVM, found as the objects a second, empty cache of the same implementation reaches too.
 * </ul>
 * Run in a JVM of its own by {@link Compare}; prints one {@code MEMORY} line per
 * implementation and TTL: the walk per entry, its total, the entries present, the per-entry
 * figure, the fixed bytes and the shared bytes left out of them.
 */
public final class MemoryRun {

	private MemoryRun() {
	}

	public static void main(String[] args) {
		int entries = CacheBenchmark.CACHE_SIZE;
		Object[] keys = keys(entries);
		Object[] twice = keys(2 * entries);
		long keysAndValues = GraphLayout.parseInstance(keys).totalSize();
		long twiceKeysAndValues = GraphLayout.parseInstance(twice).totalSize();
		for (Duration ttl : new Duration[] { Duration.ZERO, Scenario.ADVERSARIAL.ttl() }) {
			for (Implementation implementation : Implementation.values()) {
				if (implementation == Implementation.CAFFEINE_CALLER) {
					// The same structures as CAFFEINE's: its executor changes no byte.
					continue;
				}
				Cache cache = filled(implementation, ttl, keys);
				long present = readAll(cache, keys);
				long walk = size(cache);
				long total = walk - keysAndValues;
				Cache empty = implementation.create(entries, ttl, Runnable::run);
				long shared = walk + size(empty) - size(cache, empty);
				Cache larger = filled(implementation, ttl, twice);
				// Read as the first, so that what reads create (a read buffer's stripe) is in both.
				readAll(larger, twice);
				long doubled = size(larger) - twiceKeysAndValues;
				double perEntry = (double) (doubled - total) / entries;
				double fixed = total - shared - entries * perEntry;
				System.out.printf(Locale.ROOT, "MEMORY %s %d %.2f %d %d %.3f %.0f %d%n", implementation, ttl.toSeconds(),
						(double) total / entries, total, present, perEntry, fixed, shared);
			}
		}
	}

	/**
	 * The bytes of everything reachable from {@code roots}, after a collection: the walk
	 * follows weak references too (the {@code java.util.logging} graph a Polycache cache
	 * reaches holds its loggers by them), so garbage still weakly reachable would count,
	 * or not, by when the collector last ran.
	 */
	private static long size(Object... roots) {
		System.gc();
		return GraphLayout.parseInstance(roots).totalSize();
	}

	private static Object[] keys(int count) {
		Object[] keys = new Object[count];
		for (int i = 0; i < count; i++) {
			keys[i] = (long) i;
		}
		return keys;
	}

	/** Reads every key once. @return how many were present */
	private static long readAll(Cache cache, Object[] keys) {
		long present = 0;
		for (Object key : keys) {
			if (cache.get(key) != null) {
				present++;
			}
		}
		return present;
	}

	/** A cache bounded to as many entries as {@code keys}, holding them all, each its own value. */
	private static Cache filled(Implementation implementation, Duration ttl, Object[] keys) {
		Cache cache = implementation.create(keys.length, ttl, Runnable::run);
		for (Object key : keys) {
			// The key is its own value, so values add nothing to what is subtracted.
			cache.put(key, key);
		}
		if (cache.getNativeCache() instanceof com.github.benmanes.caffeine.cache.Cache<?, ?> caffeine) {
			caffeine.cleanUp();
		}
		return cache;
	}

}
