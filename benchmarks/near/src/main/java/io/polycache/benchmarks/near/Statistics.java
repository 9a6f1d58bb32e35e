package io.polycache.benchmarks.near;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The figures both near reports print: quantiles of samples, and the two ratios the near
 * tier has targets for, each taken within a round and summarised over rounds. Samples are
 * keyed {@code IMPLEMENTATION/threads}, one per round, in round order.
 */
final class Statistics {

	private Statistics() {
	}

	static List<Double> sorted(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted;
	}

	/** The quantile of sorted samples, interpolated between the two nearest. */
	static double quantile(List<Double> sorted, double q) {
		double position = q * (sorted.size() - 1);
		int below = (int) Math.floor(position);
		int above = (int) Math.ceil(position);
		return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
	}

	/**
	 * Prints each run's median throughput and its spread between the {@code low} and
	 * {@code high} quantiles, and, if given, its median allocation per read.
	 */
	static void printThroughput(Map<String, List<Double>> samples, String spread, double low, double high,
			@Nullable Map<String, List<Double>> allocations) {
		System.out.println("| implementation | threads | median ops/s | " + spread + " |"
				+ ((allocations != null) ? " allocated B/op |" : ""));
		System.out.println("| --- | ---: | ---: | ---: |" + ((allocations != null) ? " ---: |" : ""));
		samples.forEach((run, values) -> {
			String[] parts = run.split("/");
			List<Double> sorted = sorted(values);
			String allocated = (allocations != null)
					? String.format(Locale.ROOT, " %.1f |", quantile(sorted(allocations.get(run)), 0.5)) : "";
			System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %,.0f – %,.0f |%s%n", parts[0], parts[1],
					quantile(sorted, 0.5), quantile(sorted, low), quantile(sorted, high), allocated);
		});
		System.out.println();
	}

	/**
	 * Prints near / local and near / redis for 1 and 2 threads: the median of the
	 * per-round ratios and its spread between the {@code low} and {@code high} quantiles.
	 */
	static void printRatios(Map<String, List<Double>> samples, String spread, double low, double high) {
		System.out.println("| ratio (within each round) | threads | median | " + spread + " | target |");
		System.out.println("| --- | ---: | ---: | ---: | ---: |");
		for (int threads = 1; threads <= 2; threads++) {
			ratio(samples, "near hit / local-memory hit", Implementation.LOCAL, threads, "≥ 0.9", low, high);
			ratio(samples, "near hit / redis get", Implementation.REDIS, threads, "≥ 50", low, high);
		}
	}

	private static void ratio(Map<String, List<Double>> samples, String label, Implementation below, int threads,
			String target, double low, double high) {
		List<Double> top = samples.get(Implementation.NEAR + "/" + threads);
		List<Double> bottom = samples.get(below + "/" + threads);
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < top.size(); i++) {
			ratios.add(top.get(i) / bottom.get(i));
		}
		List<Double> sorted = sorted(ratios);
		String format = (quantile(sorted, low) >= 10) ? "%.0f" : "%.2f";
		System.out.printf(Locale.ROOT, "| %s | %d | " + format + " | " + format + " – " + format + " | %s |%n", label,
				threads, quantile(sorted, 0.5), quantile(sorted, low), quantile(sorted, high), target);
	}

}
