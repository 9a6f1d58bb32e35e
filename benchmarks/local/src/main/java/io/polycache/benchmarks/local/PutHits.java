package io.polycache.benchmarks.local;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.cache.Cache;

/**
 * How many of the 1-thread put workload's puts find their key already cached, per
 * implementation: an overwrite costs a look-up and a swap, an insert into the full cache
 * an eviction too, so a policy that keeps fewer of the stream's keys does more work per
 * put. The cache and stream are the benchmark's ({@link CacheBenchmark}: 2^16 entries filled
 * with the most popular keys, String keys, a TTL of 600 s, the stream of its first thread),
 * run four times through; single-threaded, so no figure depends on timing, and Caffeine's
 * maintenance runs on this thread ({@code Runnable::run}), so that each put sees the
 * evictions of the ones before it. Whether a key is there is asked before each put:
 * through {@code get} for Polycache (a hit counts as a use, as the put after it would),
 * and without touching the policy for Caffeine ({@code asMap().containsKey}).
 */
public final class PutHits {

	private static final int PASSES = 4;

	private PutHits() {
	}

	/** @param args implementations, as {@code --impls} takes them (default: the six policies and CAFFEINE) */
	public static void main(String[] args) {
		List<Implementation> implementations = (args.length > 0) ? Options.implementations(String.join(",", args))
				: Options.DEFAULT_IMPLEMENTATIONS;
		KeyStream stream = KeyStream.of(true, CacheBenchmark.Cursor.FIRST_SEED, 1, false);
		System.out.printf(Locale.ROOT, "Puts that find their key, %d passes over one thread's stream of %,d puts:%n%n", PASSES,
				KeyStream.LENGTH);
		System.out.println("| implementation | found | inserts per put |");
		System.out.println("| --- | ---: | ---: |");
		for (Implementation implementation : implementations) {
			Cache cache = implementation.create(CacheBenchmark.CACHE_SIZE, Duration.ofSeconds(600), Runnable::run);
			for (int rank = 0; rank < CacheBenchmark.CACHE_SIZE; rank++) {
				Object key = KeyStream.keyOfRank(true, rank, 0);
				cache.put(key, key);
			}
			long found = 0;
			for (int pass = 0; pass < PASSES; pass++) {
				for (Object key : stream.keys) {
					if (isCached(cache, key)) {
						found++;
					}
					cache.put(key, key);
				}
			}
			double share = (double) found / ((long) PASSES * KeyStream.LENGTH);
			System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f |%n", implementation, share, 1 - share);
		}
	}

	private static boolean isCached(Cache cache, Object key) {
		if (cache.getNativeCache() instanceof com.github.benmanes.caffeine.cache.Cache<?, ?> caffeine) {
			return caffeine.asMap().containsKey(key);
		}
		return cache.get(key) != null;
	}

}
