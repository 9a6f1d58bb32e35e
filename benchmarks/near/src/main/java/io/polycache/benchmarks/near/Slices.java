package io.polycache.benchmarks.near;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.cache.Cache;

/**
 * The same reads as {@link NearBenchmark}, cross-checked in a way a busy machine skews
 * less: one JVM holds all three caches, and each (implementation, threads) pair runs in
 * short slices, in a new random order each round; each ratio is taken within a round, and
 * the median over rounds is reported. Load that comes and goes then weighs on both sides
 * of a ratio alike, where runs seconds apart credit it to whichever ran at the time. The
 * price is one JVM for all: the read path's call sites see every cache type, as they do
 * in an application with several caches.
 * <p>Not thread-safe: one thread runs it, with two workers of its own.
 */
final class Slices {

	private static final long SLICE_NANOS = 200_000_000L;

	/** Reads between two looks at the clock. */
	private static final int BATCH = 256;

	private final NearBenchmark caches = new NearBenchmark();

	private final String[][] streams = { HotKeys.stream(1000), HotKeys.stream(1001) };

	private final int[] positions = new int[2];

	private final ExecutorService workers = Executors.newFixedThreadPool(2);

	private long misses;

	/** Runs {@code warmups} unreported rounds, then {@code rounds}, and prints the medians. */
	static void run(int port, int warmups, int rounds) throws Exception {
		System.setProperty(NearBenchmark.PORT_PROPERTY, String.valueOf(port));
		Slices slices = new Slices();
		// Its tear-down then fails the run if any near read reached redis.
		slices.caches.implementation = Implementation.NEAR.name();
		slices.caches.setUp();
		try {
			slices.measure(warmups, rounds);
		}
		finally {
			slices.workers.shutdown();
			slices.caches.tearDown();
		}
	}

	private void measure(int warmups, int rounds) throws Exception {
		List<String> runs = new ArrayList<>();
		Map<String, List<Double>> throughput = new LinkedHashMap<>();
		for (int threads = 1; threads <= 2; threads++) {
			for (Implementation implementation : Implementation.values()) {
				runs.add(implementation + "/" + threads);
				throughput.put(implementation + "/" + threads, new ArrayList<>());
			}
		}
		Random shuffle = new Random(7);
		for (int round = -warmups; round < rounds; round++) {
			Collections.shuffle(runs, shuffle);
			for (String run : runs) {
				String[] parts = run.split("/");
				double opsPerSecond = slice(this.caches.cache(Implementation.valueOf(parts[0])),
						Integer.parseInt(parts[1]));
				if (round >= 0) {
					throughput.get(run).add(opsPerSecond);
				}
			}
		}
		if (this.misses != 0) {
			throw new IllegalStateException(this.misses + " reads found nothing: the figures are not of hits");
		}
		System.out.printf(Locale.ROOT,
				"%nInterleaved in one JVM: %d rounds of %d ms slices after %d warm-up rounds; load average now: %s%n%n",
				rounds, SLICE_NANOS / 1_000_000, warmups, NearCompare.loadAverage());
		Statistics.printThroughput(throughput, "quartiles", 0.25, 0.75, null);
		Statistics.printRatios(throughput, "quartiles", 0.25, 0.75);
	}

	/** Ops per second of {@code threads} workers reading {@code cache} for one slice. */
	private double slice(Cache cache, int threads) throws Exception {
		List<Future<long[]>> counts = new ArrayList<>();
		long start = System.nanoTime();
		long end = start + SLICE_NANOS;
		for (int worker = 0; worker < threads; worker++) {
			int index = worker;
			counts.add(this.workers.submit(() -> read(cache, index, end)));
		}
		long operations = 0;
		for (Future<long[]> count : counts) {
			long[] result = count.get();
			operations += result[0];
			this.misses += result[1];
		}
		return operations / ((System.nanoTime() - start) / 1e9);
	}

	/** One worker's slice: its count of reads, and of reads that found nothing. */
	private long[] read(Cache cache, int worker, long end) {
		String[] stream = this.streams[worker];
		int position = this.positions[worker];
		long operations = 0;
		long missed = 0;
		do {
			for (int i = 0; i < BATCH; i++) {
				missed += (cache.get(stream[position++ & HotKeys.MASK]) != null) ? 0 : 1;
			}
			operations += BATCH;
		}
		while (System.nanoTime() < end);
		this.positions[worker] = position;
		return new long[] { operations, missed };
	}

}
