package io.polycache.benchmarks.local;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the {@code RESULT} and {@code MEMORY} lines of the runs {@link Compare} starts,
 * and prints the tables: medians over all measurement iterations of all rounds, their
 * spread, the ratio of medians to Caffeine's with the range of the per-round ratios (each
 * round's median over Caffeine's median in the same round), blocks plus parks per million
 * operations, read-hit allocation and bytes per entry without and with a TTL, and the
 * same ratios from the rounds whose runs found the processors near ({@link Placement}).
 * Not thread-safe; used by {@link Compare}'s one thread.
 */
final class Report {

	private static final class Samples {

		/** Scores per round, in operations per second. */
		final Map<Integer, List<Double>> rounds = new TreeMap<>();

		long contentionEvents;

		long operations;

		final List<Double> allocation = new ArrayList<>();

		/** Operations per second of benchmark-thread processor time, one value per round. */
		final List<Double> perCpuSecond = new ArrayList<>();

		/** Per round, the {@link Placement} round trips before and after the run, in nanoseconds. */
		final Map<Integer, long[]> placement = new TreeMap<>();

		List<Double> all() {
			return this.rounds.values().stream().flatMap(List::stream).toList();
		}

	}

	private final Options options;

	private final Map<Implementation, Map<Workload, Samples>> results = new EnumMap<>(Implementation.class);

	/**
	 * {@link MemoryRun}'s walk per entry by implementation, without a TTL ({@code 0}) and with
	 * one ({@code 1}).
	 */
	private final Map<Implementation, double[]> bytesPerEntry = new EnumMap<>(Implementation.class);

	/** {@link MemoryRun}'s bytes an entry adds, as {@link #bytesPerEntry}. */
	private final Map<Implementation, double[]> addedPerEntry = new EnumMap<>(Implementation.class);

	/** {@link MemoryRun}'s bytes a cache costs once, shared objects left out, as {@link #bytesPerEntry}. */
	private final Map<Implementation, double[]> fixedBytes = new EnumMap<>(Implementation.class);

	Report(Options options) {
		this.options = options;
	}

	void collect(int round, List<String> lines) {
		for (String line : lines) {
			String[] f = line.split(" ");
			if (f[0].equals("RESULT")) {
				Samples samples = this.results.computeIfAbsent(Implementation.valueOf(f[1]), i -> new LinkedHashMap<>())
					.computeIfAbsent(Workload.parse(f[2]), w -> new Samples());
				List<Double> scores = samples.rounds.computeIfAbsent(round, r -> new ArrayList<>());
				for (String score : f[3].split(",")) {
					scores.add(Double.parseDouble(score));
				}
				samples.contentionEvents += Long.parseLong(f[4]);
				samples.operations += Long.parseLong(f[5]);
				long cpuNanos = Long.parseLong(f[7]);
				if (cpuNanos > 0) {
					samples.perCpuSecond.add(Long.parseLong(f[5]) * 1e9 / cpuNanos);
				}
				if (!f[6].equals("NaN")) {
					samples.allocation.add(Double.parseDouble(f[6]));
				}
				if (f.length > 9) {
					samples.placement.put(round, new long[] { Long.parseLong(f[8]), Long.parseLong(f[9]) });
				}
			}
			else if (f[0].equals("MEMORY")) {
				Implementation implementation = Implementation.valueOf(f[1]);
				int ttl = f[2].equals("0") ? 0 : 1;
				memory(this.bytesPerEntry, implementation)[ttl] = Double.parseDouble(f[3]);
				memory(this.addedPerEntry, implementation)[ttl] = Double.parseDouble(f[6]);
				memory(this.fixedBytes, implementation)[ttl] = Double.parseDouble(f[7]);
			}
		}
	}

	String throughputTable() {
		StringBuilder out = new StringBuilder();
		out.append("Throughput through Spring's Cache: Zipf(0.99) over 2^20 keys, 2^16 entries, median of all\n");
		out.append("measurement iterations over all rounds; spread = half the min-max range, as % of the median;\n");
		out.append("rounds = the lowest and highest per-round ratio; Mops/CPU-s = operations per second of the\n");
		out.append("benchmark threads' processor time (median over rounds), which the machine's load moves far less;\n");
		out.append("blk+park/M = blocks plus parks per million operations.\n\n");
		out.append(String.format(Locale.ROOT, "| %-9s | %-7s | %-15s %s%n", "workload", "threads", "implementation", HEADER));
		out.append("|-----------|---------|-----------------" + RULE + "\n");
		for (Workload workload : this.options.workloads) {
			if (workload.isReadHit()) {
				continue;
			}
			for (Implementation implementation : this.options.implementations) {
				out.append(String.format(Locale.ROOT, "| %-9s | %-7d | %-15s %s%n", workload.label(), workload.threads(),
						implementation, cells(implementation, workload)));
			}
		}
		return out.toString();
	}

	String summaryTable() {
		Workload read2 = Workload.parse("read:2");
		Workload read4 = Workload.parse("read:4");
		Workload hit = Workload.parse("hit:1");
		StringBuilder out = new StringBuilder("\nTargets, per implementation: ratios of medians to Caffeine's; blocks+parks "
				+ "per million reads;\nhit B/op = JMH gc.alloc.rate.norm of a read hit; bytes per entry without and with "
				+ "a TTL (Caffeine: expireAfterWrite).\n\n");
		out.append(String.format(Locale.ROOT, "| %-15s | %7s | %7s | %8s | %7s | %8s | %8s | %8s | %9s | %5s | %9s | %5s |%n",
				"implementation", "get 2T", "95/5 2T", "50/50 2T", "put 1T", "blk rd2T", "blk rd4T", "hit B/op",
				"B/entry", "×Caff", "B/e TTL", "×Caff"));
		out.append("|-----------------|--------:|--------:|---------:|--------:|---------:|---------:|---------:|"
				+ "----------:|------:|----------:|------:|\n");
		double[] caffeineBytes = this.bytesPerEntry.getOrDefault(Implementation.CAFFEINE, new double[] { Double.NaN, Double.NaN });
		for (Implementation implementation : this.options.implementations) {
			double[] bytes = this.bytesPerEntry.getOrDefault(implementation, new double[] { Double.NaN, Double.NaN });
			out.append(String.format(Locale.ROOT,
					"| %-15s | %7.2f | %7.2f | %8.2f | %7.2f | %8.1f | %8.1f | %8.1f | %9.1f | %5.2f | %9.1f | %5.2f |%n",
					implementation, ratio(implementation, read2), ratio(implementation, Workload.parse("mix95:2")),
					ratio(implementation, Workload.parse("mix50:2")), ratio(implementation, Workload.parse("put:1")),
					perMillion(samples(implementation, read2)), perMillion(samples(implementation, read4)),
					median(samples(implementation, hit).allocation), bytes[0], bytes[0] / caffeineBytes[0], bytes[1],
					bytes[1] / caffeineBytes[1]));
		}
		if (this.bytesPerEntry.isEmpty()) {
			out.append("\nBytes per entry not measured in this run: benchmarks/run memory measures them alone.\n");
		}
		out.append("\nThe same ratios per processor-second of the benchmark threads (less moved by the machine's load):\n\n");
		out.append(String.format(Locale.ROOT, "| %-15s | %7s | %7s | %8s | %7s |%n", "implementation", "get 2T", "95/5 2T",
				"50/50 2T", "put 1T"));
		out.append("|-----------------|--------:|--------:|---------:|--------:|\n");
		for (Implementation implementation : this.options.implementations) {
			out.append(String.format(Locale.ROOT, "| %-15s | %7.2f | %7.2f | %8.2f | %7.2f |%n", implementation,
					cpuRatio(implementation, read2), cpuRatio(implementation, Workload.parse("mix95:2")),
					cpuRatio(implementation, Workload.parse("mix50:2")), cpuRatio(implementation, Workload.parse("put:1"))));
		}
		return out.toString();
	}

	private static double[] memory(Map<Implementation, double[]> figures, Implementation implementation) {
		return figures.computeIfAbsent(implementation, i -> new double[] { Double.NaN, Double.NaN });
	}

	/** Bytes per entry alone, for a run that measured nothing else, then {@link #memorySplitTable()}. */
	String memoryTable() {
		StringBuilder out = new StringBuilder("Bytes per entry without and with a TTL (Caffeine: expireAfterWrite), and "
				+ "their ratio to Caffeine's:\n\n");
		out.append("| implementation  |   B/entry | ×Caff |   B/e TTL | ×Caff |\n");
		out.append("|-----------------|----------:|------:|----------:|------:|\n");
		double[] caffeine = memory(this.bytesPerEntry, Implementation.CAFFEINE);
		for (Implementation implementation : walked()) {
			double[] bytes = memory(this.bytesPerEntry, implementation);
			out.append(String.format(Locale.ROOT, "| %-15s | %9.1f | %5.2f | %9.1f | %5.2f |%n", implementation, bytes[0],
					bytes[0] / caffeine[0], bytes[1], bytes[1] / caffeine[1]));
		}
		return out.append('\n').append(memorySplitTable()).toString();
	}

	/**
	 * The walk split in two: what an entry adds (a cache of twice the bound and entries, less
	 * one of {@link CacheBenchmark#CACHE_SIZE}) and what a cache costs once, objects every
	 * cache of the JVM shares left out; see {@link MemoryRun}.
	 */
	String memorySplitTable() {
		StringBuilder out = new StringBuilder("The same walk split: bytes an entry adds, and bytes a cache costs once "
				+ "(objects every cache of the JVM shares, such as the logging system, left out):\n\n");
		out.append("| implementation  | added/entry | ×Caff | added TTL | ×Caff | fixed | fixed TTL |\n");
		out.append("|-----------------|------------:|------:|----------:|------:|------:|----------:|\n");
		double[] caffeine = memory(this.addedPerEntry, Implementation.CAFFEINE);
		for (Implementation implementation : walked()) {
			double[] added = memory(this.addedPerEntry, implementation);
			double[] fixed = memory(this.fixedBytes, implementation);
			out.append(String.format(Locale.ROOT, "| %-15s | %11.2f | %5.3f | %9.2f | %5.3f | %4.1fK | %8.1fK |%n",
					implementation, added[0], added[0] / caffeine[0], added[1], added[1] / caffeine[1], fixed[0] / 1024,
					fixed[1] / 1024));
		}
		return out.toString();
	}

	/** The implementations the memory walk measured ({@link MemoryRun} skips {@code CAFFEINE_CALLER}). */
	private List<Implementation> walked() {
		return this.options.implementations.stream().filter(this.bytesPerEntry::containsKey).toList();
	}

	/**
	 * How many runs found the processors apart (or on one core), and each ratio to Caffeine
	 * again from only the rounds in which both runs found them near: the two speeds of MRU's
	 * 50/50 mix on this machine (docs/performance.md, round ten) otherwise decide a ratio by
	 * which rounds landed where. Two probes per run see its edges only: a switch in between
	 * goes unseen.
	 */
	String placementTable() {
		long runs = 0;
		long apart = 0;
		long sharedCore = 0;
		long notProbed = 0;
		for (Workload workload : this.options.workloads) {
			if (workload.isReadHit()) {
				continue;
			}
			for (Implementation implementation : this.options.implementations) {
				for (long[] probes : samples(implementation, workload).placement.values()) {
					runs++;
					long slowest = Math.max(probes[0], probes[1]);
					long fastest = Math.min(probes[0], probes[1]);
					if (fastest < 0) {
						notProbed++;
					}
					else if (slowest > Placement.APART_NANOS) {
						apart++;
					}
					else if (fastest < Placement.SHARED_CORE_NANOS) {
						sharedCore++;
					}
				}
			}
		}
		StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
				"%nProcessors' placement: two threads pass a number through one cache line for %d ms before and after"
						+ " each run (median of%nbatches of round trips): of %d runs, %d saw a round trip over %d ns"
						+ " (apart), %d one under %d ns (most likely one core), %d were not%nprobed (one processor)."
						+ " Ratios of medians to Caffeine's from the rounds in which both runs saw the processors near:%n%n",
				Placement.PROBE_MILLIS, runs, apart, Placement.APART_NANOS, sharedCore, Placement.SHARED_CORE_NANOS,
				notProbed));
		out.append(String.format(Locale.ROOT, "| %-9s | %-7s | %-15s | %11s | %11s | %10s |%n", "workload", "threads",
				"implementation", "×Caff, near", "near rounds", "×Caff, all"));
		out.append("|-----------|---------|-----------------|------------:|------------:|-----------:|\n");
		for (Workload workload : this.options.workloads) {
			if (workload.isReadHit()) {
				continue;
			}
			Samples caffeine = samples(Implementation.CAFFEINE, workload);
			for (Implementation implementation : this.options.implementations) {
				if (implementation == Implementation.CAFFEINE) {
					continue;
				}
				Samples samples = samples(implementation, workload);
				List<Double> own = new ArrayList<>();
				List<Double> theirs = new ArrayList<>();
				int rounds = 0;
				for (Map.Entry<Integer, List<Double>> round : samples.rounds.entrySet()) {
					if (wasNear(samples, round.getKey()) && wasNear(caffeine, round.getKey())) {
						own.addAll(round.getValue());
						theirs.addAll(caffeine.rounds.getOrDefault(round.getKey(), List.of()));
						rounds++;
					}
				}
				String near = (rounds > 0) ? String.format(Locale.ROOT, "%.2f", median(own) / median(theirs)) : "–";
				out.append(String.format(Locale.ROOT, "| %-9s | %-7d | %-15s | %11s | %4d of %-3d | %10.2f |%n",
						workload.label(), workload.threads(), implementation, near, rounds, samples.rounds.size(),
						ratio(implementation, workload)));
			}
		}
		return out.toString();
	}

	private static boolean wasNear(Samples samples, int round) {
		long[] probes = samples.placement.get(round);
		return probes != null && Placement.wasNear(probes[0], probes[1]);
	}

	/** The headings of {@link #cells}, and the Markdown rule under them. */
	static final String HEADER = String.format(Locale.ROOT, "| %8s | %6s | %6s | %11s | %10s | %6s | %10s |", "Mops/s",
			"spread", "×Caff", "rounds", "Mops/CPU-s", "×Caff", "blk+park/M");

	static final String RULE = "|---------:|-------:|-------:|------------:|-----------:|-------:|-----------:|";

	/**
	 * The cells of one row: Mops/s, spread, ratio to Caffeine, per-round ratio range, Mops per
	 * processor-second and its ratio to Caffeine's, blocks+parks per million operations.
	 */
	String cells(Implementation implementation, Workload workload) {
		Samples samples = samples(implementation, workload);
		double[] range = roundRatios(implementation, workload);
		return String.format(Locale.ROOT, "| %8.2f | %5.0f%% | %6.2f | %5.2f–%-5.2f | %10.2f | %6.2f | %10.1f |",
				median(samples.all()) / 1e6, spread(samples.all()), ratio(implementation, workload), range[0], range[1],
				median(samples.perCpuSecond) / 1e6, cpuRatio(implementation, workload), perMillion(samples));
	}

	private double cpuRatio(Implementation implementation, Workload workload) {
		return median(samples(implementation, workload).perCpuSecond)
				/ median(samples(Implementation.CAFFEINE, workload).perCpuSecond);
	}

	private Samples samples(Implementation implementation, Workload workload) {
		return this.results.getOrDefault(implementation, Map.of()).getOrDefault(workload, new Samples());
	}

	private double ratio(Implementation implementation, Workload workload) {
		return median(samples(implementation, workload).all()) / median(samples(Implementation.CAFFEINE, workload).all());
	}

	/** The lowest and highest ratio of a round's median to Caffeine's median in the same round. */
	private double[] roundRatios(Implementation implementation, Workload workload) {
		Samples caffeine = samples(Implementation.CAFFEINE, workload);
		double low = Double.NaN;
		double high = Double.NaN;
		for (Map.Entry<Integer, List<Double>> round : samples(implementation, workload).rounds.entrySet()) {
			double ratio = median(round.getValue()) / median(caffeine.rounds.getOrDefault(round.getKey(), List.of()));
			low = Double.isNaN(low) ? ratio : Math.min(low, ratio);
			high = Double.isNaN(high) ? ratio : Math.max(high, ratio);
		}
		return new double[] { low, high };
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

}
