package io.polycache.benchmarks.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import io.polycache.core.SingleFlightScope;
import io.polycache.internal.AssembledCache;

/**
 * The cost of a miss with {@code single-flight: cluster} against {@code instance}: first
 * the server commands one miss sends, counted by the server itself (redis's
 * {@code INFO commandstats}, memcached's {@code stats}) over 1,000 misses on one
 * instance; then {@link ClusterMissBenchmark} in rounds, each (backend, threads, scope)
 * a fresh JMH fork in a new random order each round, and the ratio cluster / instance
 * taken within each round, so load that comes and goes weighs on both alike; before that,
 * the same in one JVM in alternating slices ({@link MissSlices}).
 * <p>Arguments: {@code rounds warmupIterations measurementIterations secondsPerIteration
 * threads backends}, by default {@code 3 2 3 1 1,2 redis,memcached,file}; {@code 0}
 * rounds: only the command counts and the slices.
 */
public final class MissCosts {

	private static final int MISSES = 1_000;

	private static final int SLICE_ROUNDS = 20;

	private static final List<String> SCOPES = List.of("instance", "cluster");

	private MissCosts() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		int warmups = (args.length > 1) ? Integer.parseInt(args[1]) : 2;
		int measurements = (args.length > 2) ? Integer.parseInt(args[2]) : 3;
		int seconds = (args.length > 3) ? Integer.parseInt(args[3]) : 1;
		List<Integer> threads = (args.length > 4) ? List.of(args[4].split(",")).stream().map(Integer::valueOf).toList()
				: List.of(1, 2);
		List<String> backends = (args.length > 5) ? List.of(args[5].split(","))
				: List.of("redis", "memcached", "file");
		for (String backend : backends) {
			if (!backend.equals("file")) {
				countCommands(backend);
			}
		}
		System.out.printf("%nµs per miss in one JVM, alternating slices of 200 ms, %d rounds after 5 unmeasured: "
				+ "median, and cluster / instance within each round: median (quartiles)%n", SLICE_ROUNDS);
		printHeader("cluster / instance: median (quartiles)");
		for (String backend : backends) {
			for (int count : threads) {
				MissSlices.run(backend, count, SLICE_ROUNDS);
			}
		}
		if (rounds > 0) {
			time(rounds, warmups, measurements, seconds, threads, backends);
		}
	}

	/** Prints the server commands per miss, by command, for each scope. */
	private static void countCommands(String backend) throws Exception {
		System.out.printf("%n%s: server commands per miss (%,d misses on one instance, after %,d unmeasured)%n",
				backend, MISSES, MISSES / 5);
		Map<String, Double> totals = new TreeMap<>();
		for (String scope : SCOPES) {
			try (SharedStore store = SharedStore.start(backend)) {
				AssembledCache cache = store.instance(SingleFlightScope.valueOf(scope.toUpperCase(Locale.ROOT)));
				String prefix = "sku:" + UUID.randomUUID() + ":";
				for (int i = 0; i < MISSES / 5; i++) {
					cache.get(prefix + "warm:" + i, () -> "price-1");
				}
				Map<String, Long> before = store.commands().read();
				for (int i = 0; i < MISSES; i++) {
					cache.get(prefix + i, () -> "price-1");
				}
				Map<String, Long> ran = ServerCommands.delta(before, store.commands().read());
				StringBuilder line = new StringBuilder();
				ran.forEach((command, count) -> line.append(String.format(Locale.ROOT, " %s %.2f", command,
						count / (double) MISSES)));
				double total = ServerCommands.total(ran) / (double) MISSES;
				totals.put(scope, total);
				System.out.printf(Locale.ROOT, "  %-8s %.2f:%s%n", scope, total, line);
			}
		}
		System.out.printf(Locale.ROOT, "  cluster adds %.2f commands per miss%n",
				totals.get("cluster") - totals.get("instance"));
	}

	private static void time(int rounds, int warmups, int measurements, int seconds, List<Integer> threads,
			List<String> backends) throws Exception {
		record Run(String backend, int threads, String scope) {
		}
		List<Run> runs = new ArrayList<>();
		for (String backend : backends) {
			for (int count : threads) {
				for (String scope : SCOPES) {
					runs.add(new Run(backend, count, scope));
				}
			}
		}
		Map<Run, List<Double>> micros = new TreeMap<>(
				Comparator.comparing(Run::backend).thenComparing(Run::threads).thenComparing(Run::scope));
		for (int round = 1; round <= rounds; round++) {
			Collections.shuffle(runs);
			for (Run run : runs) {
				Options options = new OptionsBuilder().include(ClusterMissBenchmark.class.getName())
					.param("backend", run.backend())
					.param("singleFlight", run.scope())
					.threads(run.threads())
					.forks(1)
					.warmupIterations(warmups)
					.measurementIterations(measurements)
					.warmupTime(TimeValue.seconds(seconds))
					.measurementTime(TimeValue.seconds(seconds))
					.verbosity(VerboseMode.SILENT)
					.build();
				for (RunResult result : new Runner(options).run()) {
					double score = result.getPrimaryResult().getScore();
					micros.computeIfAbsent(run, (ignored) -> new ArrayList<>()).add(score);
					System.out.printf(Locale.ROOT, "round %d: %s, %d thread(s), %s: %.1f µs/op%n", round,
							run.backend(), run.threads(), run.scope(), score);
				}
			}
		}
		System.out.printf("%nµs per miss (median over %d rounds of fresh JVMs; min - max), and cluster / instance "
				+ "within each round%n", rounds);
		printHeader("cluster / instance: median (min – max)");
		for (String backend : backends) {
			for (int count : threads) {
				List<Double> instance = micros.get(new Run(backend, count, "instance"));
				List<Double> cluster = micros.get(new Run(backend, count, "cluster"));
				List<Double> ratios = new ArrayList<>();
				for (int i = 0; i < Math.min(instance.size(), cluster.size()); i++) {
					ratios.add(cluster.get(i) / instance.get(i));
				}
				System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %.1f | **%.2f** (%.2f – %.2f) |%n", backend,
						count, spread(instance), spread(cluster), median(cluster) - median(instance), median(ratios),
						Collections.min(ratios), Collections.max(ratios));
			}
		}
	}

	/** The head of a table of µs per miss, its last column named {@code ratio}. */
	private static void printHeader(String ratio) {
		System.out.println("| backend | threads | instance µs/op | cluster µs/op | cluster − instance µs | " + ratio + " |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
	}

	private static String spread(List<Double> values) {
		return String.format(Locale.ROOT, "%.1f (%.1f – %.1f)", median(values), Collections.min(values),
				Collections.max(values));
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
