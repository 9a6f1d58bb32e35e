package io.polycache.benchmarks.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * One round for one implementation, in a JVM of its own that {@link Compare} starts: each
 * requested {@link Workload} of {@link CacheBenchmark} in turn, run by JMH inside this JVM,
 * so that each implementation's code is compiled without the others' profiles. Prints one
 * {@code RESULT} line per workload for {@link Compare} to collect, with the
 * {@link Placement} round trip measured just before and just after the workload ran.
 */
public final class ImplementationRun {

	private ImplementationRun() {
	}

	/**
	 * @param args the {@link Implementation} name; warm-up and measurement iteration length
	 * in milliseconds; the number of measurement iterations; the workloads, comma-separated
	 * ({@link Workload#parse}); then the {@link Scenario}: {@code string} or {@code long}
	 * keys, the {@link Scenario.Streams} name, the TTL in seconds, and {@code booted} or
	 * {@code direct} ({@link Scenario#booted()})
	 */
	public static void main(String[] args) throws RunnerException {
		String implementation = args[0];
		TimeValue warmup = TimeValue.milliseconds(Long.parseLong(args[1]));
		TimeValue measurement = TimeValue.milliseconds(Long.parseLong(args[2]));
		int iterations = Integer.parseInt(args[3]);
		Scenario scenario = Scenario.ADVERSARIAL.withKeys(args[5]).withStreams(args[6]).withTtl(Long.parseLong(args[7]))
			.withFacade(args[8]);
		for (String id : args[4].split(",")) {
			Workload workload = Workload.parse(id);
			ChainedOptionsBuilder options = new OptionsBuilder()
				.include(CacheBenchmark.class.getName() + "\\." + workload.benchmark() + "$")
				.param("implementation", implementation)
				.param("readPercent", String.valueOf(workload.readPercent()))
				.threads(workload.threads())
				.forks(0)
				.warmupIterations(1)
				.warmupTime(warmup)
				.measurementIterations(iterations)
				.measurementTime(measurement)
				.verbosity(VerboseMode.SILENT);
			for (String[] param : scenario.params()) {
				options.param(param[0], param[1]);
			}
			if (workload.isReadHit()) {
				options.addProfiler(GCProfiler.class);
			}
			long placementBefore = Placement.roundTripNanos(Placement.PROBE_MILLIS);
			Contention.takeCounts();
			RunResult result = new Runner(options.build()).runSingle();
			long[] contention = Contention.takeCounts();
			long placementAfter = Placement.roundTripNanos(Placement.PROBE_MILLIS);
			List<String> samples = new ArrayList<>();
			for (IterationResult iteration : result.getAggregatedResult().getIterationResults()) {
				samples.add(String.format(Locale.ROOT, "%.0f", iteration.getPrimaryResult().getScore()));
			}
			Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
			System.out.printf(Locale.ROOT, "RESULT %s %s %s %d %d %.2f %d %d %d%n", implementation, workload.id(),
					String.join(",", samples), contention[0], contention[1],
					(allocation != null) ? allocation.getScore() : Double.NaN, contention[2], placementBefore,
					placementAfter);
		}
	}

}
