package io.polycache.benchmarks.near;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import io.polycache.benchmarks.support.LoopbackServer;

/**
 * The near tier's targets, measured interleaved: rounds in which every
 * {@link Implementation} runs {@link NearBenchmark} with 1 and with 2 threads, each in a
 * fresh JVM (one JMH fork), in a new random order each round, against one redis-server
 * started here. Each ratio is taken within a round and the median over rounds is
 * reported, so load that comes and goes on a shared machine weighs on both sides of a
 * ratio alike. Targets: a near hit at least 0.9 times a local-memory hit, and at least 50
 * times a redis get.
 * Then the same ratios from {@link Slices}, interleaved finely within one JVM.
 * <p>Arguments: {@code rounds warmupIterations measurementIterations secondsPerIteration
 * sliceRounds}, by default {@code 5 5 5 1 40}; {@code 0} rounds runs only the slices.
 */
public final class NearCompare {

	private static final int[] THREADS = { 1, 2 };

	private NearCompare() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		int warmups = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		int measurements = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		int seconds = (args.length > 3) ? Integer.parseInt(args[3]) : 1;
		int sliceRounds = (args.length > 4) ? Integer.parseInt(args[4]) : 40;
		// Each fork runs alone; JMH's machine-wide lock would only make this wait for other
		// helpers' runs, which the load average reported below shows instead.
		System.setProperty("jmh.ignoreLock", "true");
		Map<String, List<Double>> scores = new LinkedHashMap<>();
		Map<String, List<Double>> allocations = new LinkedHashMap<>();
		List<String> runs = new ArrayList<>();
		for (int threads : THREADS) {
			for (Implementation implementation : Implementation.values()) {
				runs.add(implementation + "/" + threads);
				scores.put(implementation + "/" + threads, new ArrayList<>());
				allocations.put(implementation + "/" + threads, new ArrayList<>());
			}
		}
		String loadBefore = loadAverage();
		long start = System.nanoTime();
		Random shuffle = new Random(2026);
		try (LoopbackServer server = LoopbackServer.redis()) {
			for (int round = 1; round <= rounds; round++) {
				Collections.shuffle(runs, shuffle);
				for (String run : runs) {
					System.err.printf(Locale.ROOT, "round %d/%d: %s (%.0f s so far, load %s)%n", round, rounds, run,
							(System.nanoTime() - start) / 1e9, loadAverage());
					String[] parts = run.split("/");
					RunResult result = fork(server.port(), parts[0], Integer.parseInt(parts[1]), warmups,
							measurements, seconds);
					scores.get(run).add(result.getPrimaryResult().getScore());
					Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
					allocations.get(run).add((allocation != null) ? allocation.getScore() : Double.NaN);
				}
			}
			System.out.printf(Locale.ROOT, "%nMachine: %d processors, %s %s; load average before: %s%n",
					Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
					System.getProperty("java.runtime.version"), loadBefore);
			System.out.printf(Locale.ROOT,
					"Case: %d String keys, each thread its own Zipf(0.99) stream (the hottest 16 keys take %.0f%% of "
							+ "reads), TTL %d min, %d entries max, %s%n",
					HotKeys.KEYS, 100 * HotKeys.share(16), RedisInstance.TTL.toMinutes(), RedisInstance.MAX_ENTRIES,
					RedisInstance.EVICTION);
			if (rounds > 0) {
				System.out.printf(Locale.ROOT,
						"%nJMH: %d rounds, each (implementation, threads) in a fresh JVM in shuffled order; %d warm-up "
								+ "and %d measured iterations of %d s; took %.0f s; load average now: %s%n%n",
						rounds, warmups, measurements, seconds, (System.nanoTime() - start) / 1e9, loadAverage());
				report(scores, allocations);
			}
			if (sliceRounds > 0) {
				System.err.printf(Locale.ROOT, "interleaved slices (load %s)%n", loadAverage());
				Slices.run(server.port(), 10, sliceRounds);
			}
		}
	}

	private static RunResult fork(int port, String implementation, int threads, int warmups, int measurements,
			int seconds) throws RunnerException {
		Options options = new OptionsBuilder().include(NearBenchmark.class.getName() + "\\.get$")
			.param("implementation", implementation)
			.threads(threads)
			.forks(1)
			.warmupIterations(warmups)
			.warmupTime(TimeValue.seconds(seconds))
			.measurementIterations(measurements)
			.measurementTime(TimeValue.seconds(seconds))
			.jvmArgsAppend("-Xms1g", "-Xmx1g", "-D" + NearBenchmark.PORT_PROPERTY + "=" + port)
			.addProfiler(GCProfiler.class)
			.verbosity(VerboseMode.SILENT)
			.build();
		return new Runner(options).runSingle();
	}

	private static void report(Map<String, List<Double>> scores, Map<String, List<Double>> allocations) {
		Statistics.printThroughput(scores, "min – max", 0, 1, allocations);
		Statistics.printRatios(scores, "min – max", 0, 1);
	}

	static String loadAverage() throws IOException {
		Path path = Path.of("/proc/loadavg");
		return Files.exists(path) ? Files.readString(path).trim() : "?";
	}

}
