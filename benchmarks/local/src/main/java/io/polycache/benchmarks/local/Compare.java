package io.polycache.benchmarks.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The whole comparison, one command: rounds in which every {@link Implementation} runs
 * every workload in a fresh JVM ({@link ImplementationRun}), or each workload in a JVM of
 * its own ({@code --jvm-per=workload}), in a new random order each round so that drift on
 * a noisy machine spreads over all of them; then the memory walk
 * ({@link MemoryRun}); then the tables ({@link Report}). The command line is
 * {@link Options#USAGE}.
 */
public final class Compare {

	private Compare() {
	}

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Report report = new Report(options);
		long start = System.nanoTime();
		Random shuffle = new Random(2026);
		// Per workload, the implementations run one after another: a ratio compares runs close in time.
		List<String> batches = options.jvmPerWorkload ? options.workloads.stream().map(Workload::id).toList()
				: List.of(options.workloadIds());
		for (int round = 1; round <= options.rounds; round++) {
			for (String workloads : batches) {
				List<Implementation> order = new ArrayList<>(options.implementations);
				Collections.shuffle(order, shuffle);
				for (Implementation implementation : order) {
					System.err.printf(Locale.ROOT, "round %d/%d: %s %s (%.0f s so far, load %s)%n", round, options.rounds,
							implementation, workloads, (System.nanoTime() - start) / 1e9, loadAverage());
					Scenario scenario = options.scenario;
					report.collect(round, run(ImplementationRun.class, implementation.name(),
							String.valueOf(options.warmupMillis), String.valueOf(options.measurementMillis),
							String.valueOf(options.iterations), workloads, scenario.keys(), scenario.streams().name(),
							String.valueOf(scenario.ttl().toSeconds()), scenario.facade()));
				}
			}
		}
		if (options.memory) {
			System.err.println("measuring memory per entry");
			report.collect(0, run(MemoryRun.class));
		}
		System.out.println(machine(options, (System.nanoTime() - start) / 1e9));
		System.out.println();
		if (options.rounds > 0) {
			System.out.println(report.throughputTable());
			System.out.println(report.placementTable());
			System.out.println(report.summaryTable());
			if (options.memory) {
				System.out.println(report.memorySplitTable());
			}
		}
		else {
			System.out.println(report.memoryTable());
		}
	}

	static String loadAverage() throws IOException {
		Path path = Path.of("/proc/loadavg");
		return Files.exists(path) ? Files.readString(path).trim() : "?";
	}

	private static String machine(Options options, double seconds) throws IOException {
		return String.format(Locale.ROOT,
				"Machine: %d processors, %s %s (%s), %s; load average at the end: %s%n"
						+ "Case: %s (%s)%n"
						+ "Run: %s, %d rounds x %d implementations, each round in a fresh JVM per implementation%s in "
						+ "shuffled order;%n     per workload 1 warm-up x %d ms, %d measurement iterations x %d ms; took %.0f s",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
				System.getProperty("os.arch"), loadAverage(), options.scenario.describe(),
				options.scenario.arguments(), options.mode, options.rounds, options.implementations.size(),
				options.jvmPerWorkload ? " and workload" : "", options.warmupMillis, options.iterations,
				options.measurementMillis, seconds);
	}

	/** Runs {@code main} of {@code type} in a fresh JVM on this classpath and returns its output lines. */
	static List<String> run(Class<?> type, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				// The children run one at a time; JMH's machine-wide lock would only stop them
				// when some other JMH run is going on, which the load average then shows.
				"-Xms2g", "-Xmx2g", "-Djmh.ignoreLock=true", "-Djdk.attach.allowAttachSelf=true",
				"-Djol.magicFieldOffset=true", "-cp", System.getProperty("java.class.path"), type.getName()));
		command.addAll(List.of(args));
		// JMH's warnings about running without forks go to a log, not into the table.
		Path log = Files.createTempFile("polycache-" + type.getSimpleName(), ".log");
		Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
		List<String> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				lines.add(line);
				// Each iteration's score, in the order run: whether a workload was still warming up.
				System.err.println("  " + line);
			}
		}
		if (process.waitFor() != 0) {
			throw new IllegalStateException(type.getSimpleName() + " " + String.join(" ", args) + " failed: " + lines
					+ "\n" + Files.readString(log));
		}
		Files.delete(log);
		return lines;
	}

}
