package io.polycache.benchmarks.local;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.local.LocalStores;
import io.polycache.spi.CacheStore;

/**
 * The hit-ratio simulator: replays traces through the local-memory store with each policy,
 * through {@link ReferencePolicy}, and through Caffeine, at cache sizes of 1%, 5% and 10%
 * of the key space, single-threaded, and prints a table. Each access is a read that puts
 * the key on a miss. The store's hit count must equal the reference model's exactly for
 * every deterministic policy, or the run fails.
 */
public final class HitRatio {

	private static final int KEY_SPACE = 1 << 17;

	private static final int TRACE_LENGTH = 1_000_000;

	private static final double[] SIZES = { 0.01, 0.05, 0.10 };

	private HitRatio() {
	}

	public static void main(String[] args) {
		List<String> names = List.of("zipf", "loop", "mix");
		List<Long[]> traces = List.of(zipf(), loop(), mix());
		List<String> columns = new ArrayList<>();
		for (EvictionPolicy policy : EvictionPolicy.values()) {
			columns.add(policy.name());
		}
		columns.add("CAFFEINE");
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Hit ratio (%%), %,d accesses over %,d keys; a miss puts the key.%n",
				TRACE_LENGTH, KEY_SPACE));
		out.append("zipf: Zipf(0.99); loop: keys 0..").append(loopLength() - 1)
			.append(" in order, over and over (longer than every cache); mix: 100,000 of each, alternating.\n\n");
		out.append(String.format(Locale.ROOT, "| %-5s | %6s |", "trace", "size"));
		columns.forEach(column -> out.append(String.format(Locale.ROOT, " %8s |", column)));
		out.append(String.format(Locale.ROOT, " %-22s |%n", "store = reference model"));
		out.append("|-------|-------:|").append("---------:|".repeat(columns.size())).append("------------------------|\n");
		boolean allExact = true;
		for (int t = 0; t < traces.size(); t++) {
			for (double fraction : SIZES) {
				int size = (int) (KEY_SPACE * fraction);
				out.append(String.format(Locale.ROOT, "| %-5s | %5.0f%% |", names.get(t), fraction * 100));
				List<String> mismatches = new ArrayList<>();
				for (EvictionPolicy policy : EvictionPolicy.values()) {
					long hits = replayStore(traces.get(t), policy, size);
					if (policy != EvictionPolicy.RANDOM) {
						long expected = replayReference(traces.get(t), policy, size);
						if (hits != expected) {
							mismatches.add(policy + " " + hits + " vs " + expected);
						}
					}
					out.append(String.format(Locale.ROOT, " %8.2f |", 100.0 * hits / TRACE_LENGTH));
				}
				out.append(String.format(Locale.ROOT, " %8.2f |", 100.0 * replayCaffeine(traces.get(t), size) / TRACE_LENGTH));
				out.append(String.format(Locale.ROOT, " %-22s |%n",
						mismatches.isEmpty() ? "exact (5 of 5)" : "DIFFERS " + mismatches));
				allExact &= mismatches.isEmpty();
			}
		}
		out.append("\nRANDOM has no predictable victim, so no reference to equal; every other policy's hit count\n")
			.append("was compared with the reference model's.\n");
		System.out.println(out);
		if (!allExact) {
			throw new IllegalStateException("the store's hit ratio differs from the reference model's");
		}
	}

	private static long replayStore(Long[] trace, EvictionPolicy policy, int size) {
		CacheSettings settings = CacheSettings.builder("simulated").maxEntries(size).eviction(policy).build();
		CacheStore<Object, Object> store = LocalStores.create(settings, Clock.systemUTC(), new StatsCounter());
		long hits = 0;
		for (Long key : trace) {
			if (store.get(key) != null) {
				hits++;
			}
			else {
				store.put(key, key, Duration.ZERO);
			}
		}
		return hits;
	}

	private static long replayReference(Long[] trace, EvictionPolicy policy, int size) {
		ReferencePolicy model = new ReferencePolicy(policy, size);
		long hits = 0;
		for (Long key : trace) {
			if (model.access(key)) {
				hits++;
			}
		}
		return hits;
	}

	private static long replayCaffeine(Long[] trace, int size) {
		Cache<Long, Long> cache = Caffeine.newBuilder().maximumSize(size).executor(Runnable::run).build();
		long hits = 0;
		for (Long key : trace) {
			if (cache.getIfPresent(key) != null) {
				hits++;
			}
			else {
				cache.put(key, key);
			}
		}
		return hits;
	}

	private static int loopLength() {
		return (int) (KEY_SPACE * 0.15);
	}

	private static Long[] zipf() {
		return boxed(new ZipfKeys(KEY_SPACE).stream(TRACE_LENGTH, 99));
	}

	private static Long[] loop() {
		int[] keys = new int[TRACE_LENGTH];
		for (int i = 0; i < TRACE_LENGTH; i++) {
			keys[i] = i % loopLength();
		}
		return boxed(keys);
	}

	private static Long[] mix() {
		int[] zipf = new ZipfKeys(KEY_SPACE).stream(TRACE_LENGTH, 7);
		int[] keys = new int[TRACE_LENGTH];
		int scan = 0;
		for (int i = 0; i < TRACE_LENGTH; i++) {
			keys[i] = ((i / 100_000) % 2 == 0) ? zipf[i] : scan++ % loopLength();
		}
		return boxed(keys);
	}

	private static Long[] boxed(int[] keys) {
		Long[] boxed = new Long[keys.length];
		Long[] canonical = new Long[KEY_SPACE];
		for (int i = 0; i < keys.length; i++) {
			Long key = canonical[keys[i]];
			if (key == null) {
				key = (long) keys[i];
				canonical[keys[i]] = key;
			}
			boxed[i] = key;
		}
		return boxed;
	}

}
