package io.polycache.benchmarks.redis;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.polycache.benchmarks.support.LoopbackServer;

/**
 * Runs {@link RedisBenchmark} against one redis-server started here, then prints each
 * benchmark's throughput and the ratios the redis issue sets targets for: Polycache
 * against {@code RedisCache} (target at least 1.0) and against raw Lettuce (at least 0.9),
 * and one bulk get of 100 keys against 100 single gets.
 * Then the same ratios again from {@link Interleaved} slices, which a busy machine skews
 * less.
 * <p>Arguments: {@code forks warmupIterations measurementIterations secondsPerIteration
 * interleavedRounds}, by default {@code 2 3 5 1 30}; {@code 0} forks skips JMH.
 */
public final class RedisBenchmarks {

	private RedisBenchmarks() {
	}

	public static void main(String[] args) throws Exception {
		int forks = (args.length > 0) ? Integer.parseInt(args[0]) : 2;
		int warmups = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		int measurements = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		int seconds = (args.length > 3) ? Integer.parseInt(args[3]) : 1;
		int rounds = (args.length > 4) ? Integer.parseInt(args[4]) : 30;
		try (LoopbackServer server = LoopbackServer.redis()) {
			if (forks == 0) {
				Interleaved.run(server.port(), rounds);
				return;
			}
			Options options = new OptionsBuilder().include(RedisBenchmark.class.getName())
				.forks(forks)
				.warmupIterations(warmups)
				.measurementIterations(measurements)
				.warmupTime(TimeValue.seconds(seconds))
				.measurementTime(TimeValue.seconds(seconds))
				.threads(1)
				.jvmArgsAppend("-D" + RedisBenchmark.PORT_PROPERTY + "=" + server.port())
				.build();
			report(new Runner(options).run());
			Interleaved.run(server.port(), rounds);
		}
	}

	private static void report(Collection<RunResult> results) {
		Map<String, Double> score = new TreeMap<>();
		Map<String, Double> error = new TreeMap<>();
		for (RunResult result : results) {
			String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
			score.put(name, result.getPrimaryResult().getScore());
			error.put(name, result.getPrimaryResult().getScoreError());
		}
		System.out.println();
		System.out.println("| benchmark | ops/s | ± (99.9%) |");
		System.out.println("| --- | ---: | ---: |");
		score.forEach((name, value) -> System.out
			.println(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f |", name, value, error.get(name))));
		System.out.println();
		System.out.println("| ratio | measured | target |");
		System.out.println("| --- | ---: | ---: |");
		for (Ratio ratio : Ratio.ALL) {
			if (score.containsKey(ratio.numerator()) && score.containsKey(ratio.denominator())) {
				System.out.println(String.format(Locale.ROOT, "| %s | %.2f | %s |", ratio.label(),
						score.get(ratio.numerator()) / score.get(ratio.denominator()), ratio.target()));
			}
		}
	}

}
