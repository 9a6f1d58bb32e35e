package io.polycache.benchmarks.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.polycache.core.SingleFlightScope;
import io.polycache.internal.AssembledCache;

/**
 * The cost of a miss, cluster against instance, in one JVM: both pairs of instances (two
 * with {@code single-flight: instance}, two with {@code cluster}) on one store, measured
 * in alternating slices of 200 ms, in a random order each round, so that load from
 * elsewhere weighs on both sides of each round's ratio alike. The same miss as
 * {@link ClusterMissBenchmark}: a new {@code String} key each call, thread {@code i} on
 * instance {@code i % 2}, a loader that returns at once. Not thread-safe; one thread runs it.
 */
final class MissSlices {

	private static final long SLICE_NANOS = 200_000_000L;

	private static final int WARM_UP_ROUNDS = 5;

	private MissSlices() {
	}

	/** Prints the median µs per miss of each scope and the median ratio, with its quartiles. */
	static void run(String backend, int threads, int rounds) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try (SharedStore store = SharedStore.start(backend)) {
			AssembledCache[][] pairs = {
					{ store.instance(SingleFlightScope.INSTANCE), store.instance(SingleFlightScope.INSTANCE) },
					{ store.instance(SingleFlightScope.CLUSTER), store.instance(SingleFlightScope.CLUSTER) } };
			String run = UUID.randomUUID().toString();
			List<Double> instance = new ArrayList<>();
			List<Double> cluster = new ArrayList<>();
			List<Double> ratios = new ArrayList<>();
			List<Integer> order = new ArrayList<>(List.of(0, 1));
			for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
				Collections.shuffle(order);
				double[] micros = new double[2];
				for (int scope : order) {
					micros[scope] = slice(pool, threads, pairs[scope], run + ":" + round + ":" + scope + ":");
				}
				if (round >= WARM_UP_ROUNDS) {
					instance.add(micros[0]);
					cluster.add(micros[1]);
					ratios.add(micros[1] / micros[0]);
				}
			}
			System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | **%.2f** (%.2f – %.2f) |%n", backend,
					threads, quantile(instance, 0.5), quantile(cluster, 0.5),
					quantile(cluster, 0.5) - quantile(instance, 0.5), quantile(ratios, 0.5), quantile(ratios, 0.25),
					quantile(ratios, 0.75));
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Misses on the pair from every thread for one slice; the µs per miss and thread. */
	private static double slice(ExecutorService pool, int threads, AssembledCache[] pair, String prefix)
			throws Exception {
		long end = System.nanoTime() + SLICE_NANOS;
		List<Future<Double>> counts = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			AssembledCache cache = pair[t % 2];
			String keys = prefix + t + ":";
			counts.add(pool.submit(() -> {
				long misses = 0;
				long start = System.nanoTime();
				while (System.nanoTime() < end) {
					if (!"price-1".equals(cache.get(keys + misses, () -> "price-1"))) {
						throw new IllegalStateException("A miss did not return what its loader did");
					}
					misses++;
				}
				return (System.nanoTime() - start) / 1e3 / Math.max(1, misses);
			}));
		}
		double sum = 0;
		for (Future<Double> count : counts) {
			sum += count.get();
		}
		return sum / threads;
	}

	private static double quantile(List<Double> values, double q) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
	}

}
