package io.polycache.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
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
 * One round for one implementation, in a JVM of its own that {@link Compare} starts: every
 * workload of {@link CacheBenchmark} in turn, run by JMH inside this JVM, so that each
 * implementation's code is compiled without the others' profiles. Prints one
 * {@code RESULT} line per workload for {@link Compare} to collect.
 */
public final class ImplementationRun {

	/** Workloads in the order they run: benchmark, read percentage, threads. */
	static final List<Workload> WORKLOADS = List.of(new Workload("mixed", 100, 1), new Workload("mixed", 100, 2),
			new Workload("mixed", 95, 1), new Workload("mixed", 95, 2), new Workload("mixed", 50, 1),
			new Workload("mixed", 50, 2), new Workload("readHit", 100, 1));

	record Workload(String benchmark, int readPercent, int threads) {

		String label() {
			return benchmark.equals("readHit") ? "read-hit" : readPercent + "% read";
		}

	}

	private ImplementationRun() {
	}

	/**
	 * @param args the {@link Implementation} name, then warm-up and measurement iteration
	 * length in milliseconds, then the number of measurement iterations
	 */
	public static void main(String[] args) throws RunnerException {
		String implementation = args[0];
		TimeValue warmup = TimeValue.milliseconds(Long.parseLong(args[1]));
		TimeValue measurement = TimeValue.milliseconds(Long.parseLong(args[2]));
		int iterations = Integer.parseInt(args[3]);
		for (Workload workload : WORKLOADS) {
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
			if (workload.benchmark().equals("readHit")) {
				options.addProfiler(GCProfiler.class);
			}
			Contention.takeCounts();
			RunResult result = new Runner(options.build()).runSingle();
			long[] contention = Contention.takeCounts();
			List<String> samples = new ArrayList<>();
			for (BenchmarkResult benchmark : List.of(result.getAggregatedResult())) {
				for (IterationResult iteration : benchmark.getIterationResults()) {
					samples.add(String.format(Locale.ROOT, "%.0f", iteration.getPrimaryResult().getScore()));
				}
			}
			Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
			System.out.printf(Locale.ROOT, "RESULT %s %s %d %d %s %d %d %.2f%n", implementation, workload.benchmark(),
					workload.readPercent(), workload.threads(), String.join(",", samples), contention[0], contention[1],
					(allocation != null) ? allocation.getScore() : Double.NaN);
		}
	}

}
