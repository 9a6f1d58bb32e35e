package io.polycache.benchmarks.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A cross-check of the JMH ratios that holds on a busy machine: every operation runs in
 * short slices, in a new random order each round, in one JVM against one server, and each
 * ratio is the median over rounds of the two operations' throughputs in the same round.
 * Load that comes and goes then weighs on both sides of a ratio alike, where sequential JMH
 * forks would credit it to whichever benchmark ran at the time.
 */
final class Interleaved {

	private static final long SLICE_NANOS = 200_000_000L;

	private final RedisBenchmark state = new RedisBenchmark();

	private final RedisBenchmark.Cursor cursor = new RedisBenchmark.Cursor();

	private final Map<String, Runnable> operations = new LinkedHashMap<>();

	/** Written so the JIT cannot drop what is read. */
	private int sink;

	private Interleaved() {
		this.operations.put("getPolycache", () -> sink(this.state.getPolycache(this.cursor)));
		this.operations.put("getRedisCache", () -> sink(this.state.getRedisCache(this.cursor)));
		this.operations.put("getLettuce", () -> sink(this.state.getLettuce(this.cursor)));
		this.operations.put("putPolycache", () -> this.state.putPolycache(this.cursor));
		this.operations.put("putRedisCache", () -> this.state.putRedisCache(this.cursor));
		this.operations.put("putRedisCacheAsync", () -> this.state.putRedisCacheAsync(this.cursor));
		this.operations.put("putLettuce", () -> sink(this.state.putLettuce(this.cursor)));
		this.operations.put("bulkGet100", () -> sink(this.state.bulkGet100(this.cursor)));
		this.operations.put("singleGets100", () -> {
			for (String key : this.state.bulks.get(this.cursor.nextBulk())) {
				sink(this.state.polycache.get(key));
			}
		});
	}

	/** Runs {@code rounds} rounds after one warm-up round, and prints the median ratios. */
	static void run(int port, int rounds) throws Exception {
		System.setProperty(RedisBenchmark.PORT_PROPERTY, String.valueOf(port));
		Interleaved run = new Interleaved();
		run.state.setUp();
		try {
			run.measure(rounds);
		}
		finally {
			run.state.tearDown();
		}
	}

	private void measure(int rounds) {
		List<String> order = new ArrayList<>(this.operations.keySet());
		Map<String, List<Double>> throughput = new LinkedHashMap<>();
		order.forEach(name -> throughput.put(name, new ArrayList<>()));
		Random shuffle = new Random(7);
		for (int round = 0; round <= rounds; round++) {
			Collections.shuffle(order, shuffle);
			for (String name : order) {
				double opsPerSecond = slice(this.operations.get(name));
				if (round > 0) {
					throughput.get(name).add(opsPerSecond);
				}
			}
		}
		System.out.println();
		System.out.printf(Locale.ROOT, "Interleaved: %d rounds of %d ms slices; medians of per-round ratios%n", rounds,
				SLICE_NANOS / 1_000_000);
		System.out.println();
		System.out.println("| operation | median ops/s |");
		System.out.println("| --- | ---: |");
		throughput.forEach((name, samples) -> {
			List<Double> sorted = new ArrayList<>(samples);
			Collections.sort(sorted);
			System.out.printf(Locale.ROOT, "| %s | %,.0f |%n", name, quantile(sorted, 0.5));
		});
		System.out.println();
		System.out.println("| ratio | median | quartiles | target |");
		System.out.println("| --- | ---: | ---: | ---: |");
		Ratio.ALL.forEach((ratio) -> ratio(throughput, ratio));
		System.out.println(this.sink == 42 ? "" : " ");
	}

	/** Runs the operation for one slice; returns its throughput in operations per second. */
	static double slice(Runnable operation) {
		long start = System.nanoTime();
		long end = start + SLICE_NANOS;
		long count = 0;
		long now;
		do {
			operation.run();
			count++;
			now = System.nanoTime();
		}
		while (now < end);
		return count / ((now - start) / 1e9);
	}

	private static void ratio(Map<String, List<Double>> throughput, Ratio ratio) {
		List<Double> ratios = new ArrayList<>();
		List<Double> top = throughput.get(ratio.numerator());
		List<Double> bottom = throughput.get(ratio.denominator());
		for (int i = 0; i < top.size(); i++) {
			ratios.add(top.get(i) / bottom.get(i));
		}
		Collections.sort(ratios);
		System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f – %.2f | %s |%n", ratio.label(), quantile(ratios, 0.5),
				quantile(ratios, 0.25), quantile(ratios, 0.75), ratio.target());
	}

	private static double quantile(List<Double> sorted, double q) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
	}

	private void sink(Object value) {
		this.sink += (value != null) ? 1 : 0;
	}

}
