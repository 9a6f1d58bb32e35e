package io.polycache.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import io.polycache.benchmarks.ImplementationRun.Workload;

/**
 * The whole comparison, one command: rounds in which every {@link Implementation} runs
 * every workload in a fresh JVM ({@link ImplementationRun}), in a new random order each
 * round so that drift on a noisy machine spreads over all of them; then the memory walk
 * ({@link MemoryRun}); then the tables: medians over all measurement iterations of all
 * rounds, their spread, the ratio to Caffeine, blocks and parks per million operations,
 * read-hit allocation and bytes per entry.
 * <p>Arguments: {@code rounds warmupMillis measurementMillis iterations}, by default
 * {@code 3 800 800 2}, which takes about eight minutes on two cores.
 */
public final class Compare {

	private static final class Samples {

		final List<Double> scores = new ArrayList<>();

		long contentionEvents;

		long operations;

		final List<Double> allocation = new ArrayList<>();

	}

	private final Map<Implementation, Map<Workload, Samples>> results = new EnumMap<>(Implementation.class);

	private final Map<Implementation, Double> bytesPerEntry = new EnumMap<>(Implementation.class);

	private Compare() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		String warmup = (args.length > 1) ? args[1] : "800";
		String measurement = (args.length > 2) ? args[2] : "800";
		String iterations = (args.length > 3) ? args[3] : "2";
		Compare compare = new Compare();
		long start = System.nanoTime();
		Random shuffle = new Random(2026);
		for (int round = 1; round <= rounds; round++) {
			List<Implementation> order = new ArrayList<>(Arrays.asList(Implementation.values()));
			Collections.shuffle(order, shuffle);
			for (Implementation implementation : order) {
				System.err.printf(Locale.ROOT, "round %d/%d: %s (%.0f s so far)%n", round, rounds, implementation,
						(System.nanoTime() - start) / 1e9);
				compare.collect(run(ImplementationRun.class, implementation.name(), warmup, measurement, iterations));
			}
		}
		System.err.println("measuring memory per entry");
		compare.collect(run(MemoryRun.class));
		System.out.println(machine(rounds, warmup, measurement, iterations, (System.nanoTime() - start) / 1e9));
		System.out.println();
		System.out.println(compare.throughputTable());
		System.out.println(compare.summaryTable());
	}

	private void collect(List<String> lines) {
		for (String line : lines) {
			String[] f = line.split(" ");
			if (f[0].equals("RESULT")) {
				Workload workload = new Workload(f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]));
				Samples samples = this.results.computeIfAbsent(Implementation.valueOf(f[1]), i -> new LinkedHashMap<>())
					.computeIfAbsent(workload, w -> new Samples());
				for (String score : f[5].split(",")) {
					samples.scores.add(Double.parseDouble(score));
				}
				samples.contentionEvents += Long.parseLong(f[6]);
				samples.operations += Long.parseLong(f[7]);
				if (!f[8].equals("NaN")) {
					samples.allocation.add(Double.parseDouble(f[8]));
				}
			}
			else if (f[0].equals("MEMORY")) {
				this.bytesPerEntry.put(Implementation.valueOf(f[1]), Double.parseDouble(f[2]));
			}
		}
	}

	private String throughputTable() {
		StringBuilder out = new StringBuilder();
		out.append("Throughput through Spring's Cache: Zipf(0.99) over 2^20 keys, 2^16 entries, median of all\n");
		out.append("measurement iterations over all rounds; spread = half the min-max range, as % of the median.\n\n");
		out.append(String.format(Locale.ROOT, "| %-9s | %-7s | %-14s | %10s | %7s | %8s | %13s |%n", "workload", "threads",
				"implementation", "Mops/s", "spread", "vs Caff.", "blocks/M ops"));
		out.append("|-----------|---------|----------------|-----------:|--------:|---------:|--------------:|\n");
		for (Workload workload : ImplementationRun.WORKLOADS) {
			if (workload.benchmark().equals("readHit")) {
				continue;
			}
			double caffeine = median(samples(Implementation.CAFFEINE, workload).scores);
			for (Implementation implementation : Implementation.values()) {
				Samples samples = samples(implementation, workload);
				double median = median(samples.scores);
				out.append(String.format(Locale.ROOT, "| %-9s | %-7d | %-14s | %10.2f | %6.0f%% | %8.2f | %13.1f |%n",
						workload.label(), workload.threads(), implementation, median / 1e6, spread(samples.scores),
						median / caffeine, perMillion(samples)));
			}
		}
		return out.toString();
	}

	private String summaryTable() {
		Workload read2 = new Workload("mixed", 100, 2);
		Workload mostlyRead2 = new Workload("mixed", 95, 2);
		Workload write1 = new Workload("mixed", 50, 1);
		Workload write2 = new Workload("mixed", 50, 2);
		Workload readHit = new Workload("readHit", 100, 1);
		StringBuilder out = new StringBuilder("\nTargets, per implementation (ratios are medians over Caffeine's median):\n\n");
		out.append(String.format(Locale.ROOT, "| %-14s | %8s | %8s | %8s | %8s | %10s | %10s | %9s | %11s | %9s |%n",
				"implementation", "read 2T", "95/5 2T", "50/50 1T", "50/50 2T", "blk/M rd2T", "blk/M 95/5",
				"hit B/op", "bytes/entry", "vs Caff."));
		out.append("|----------------|---------:|---------:|---------:|---------:|-----------:|-----------:|"
				+ "----------:|------------:|----------:|\n");
		double caffeineBytes = this.bytesPerEntry.getOrDefault(Implementation.CAFFEINE, Double.NaN);
		for (Implementation implementation : Implementation.values()) {
			double bytes = this.bytesPerEntry.getOrDefault(implementation, Double.NaN);
			out.append(String.format(Locale.ROOT,
					"| %-14s | %8.2f | %8.2f | %8.2f | %8.2f | %10.1f | %10.1f | %9.1f | %11.1f | %9.2f |%n",
					implementation, ratio(implementation, read2), ratio(implementation, mostlyRead2),
					ratio(implementation, write1), ratio(implementation, write2),
					perMillion(samples(implementation, read2)), perMillion(samples(implementation, mostlyRead2)),
					median(samples(implementation, readHit).allocation), bytes, bytes / caffeineBytes));
		}
		return out.toString();
	}

	private Samples samples(Implementation implementation, Workload workload) {
		return this.results.getOrDefault(implementation, Map.of()).getOrDefault(workload, new Samples());
	}

	private double ratio(Implementation implementation, Workload workload) {
		return median(samples(implementation, workload).scores) / median(samples(Implementation.CAFFEINE, workload).scores);
	}

	private static double perMillion(Samples samples) {
		return (samples.operations == 0) ? Double.NaN : samples.contentionEvents * 1e6 / samples.operations;
	}

	static double median(List<Double> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static double spread(List<Double> values) {
		double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
		double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
		return 100 * (max - min) / 2 / median(values);
	}

	private static String machine(int rounds, String warmup, String measurement, String iterations, double seconds)
			throws IOException {
		String load = Files.exists(Path.of("/proc/loadavg")) ? Files.readString(Path.of("/proc/loadavg")).trim() : "?";
		return String.format(Locale.ROOT,
				"Machine: %d processors, %s %s (%s), %s; load average at the end: %s%n"
						+ "Run: %d rounds x %d implementations, each round in a fresh JVM per implementation in shuffled "
						+ "order;%n     per workload 1 warm-up x %s ms, %s measurement iterations x %s ms; took %.0f s",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
				System.getProperty("os.arch"), load, rounds, Implementation.values().length, warmup, iterations,
				measurement, seconds);
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
