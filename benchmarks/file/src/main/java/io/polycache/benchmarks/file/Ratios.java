package io.polycache.benchmarks.file;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link FileStoreBenchmark} and prints each operation's throughput as a ratio of
 * the raw limit: {@code get / rawGet} and {@code put / rawPut} per value size. Takes
 * JMH's own command-line options, such as {@code -wi 1 -i 3}.
 */
public final class Ratios {

	private Ratios() {
	}

	public static void main(String[] args) throws RunnerException, CommandLineOptionException {
		Collection<RunResult> results = new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
			.include(FileStoreBenchmark.class.getName())
			.build()).run();
		Map<String, Double> scores = new TreeMap<>();
		for (RunResult result : results) {
			String method = result.getParams().getBenchmark().replaceAll(".*\\.", "");
			scores.put(result.getParams().getParam("size") + " " + method, result.getPrimaryResult().getScore());
		}
		System.out.println();
		System.out.printf("%-8s %-4s %14s %14s %7s%n", "size", "op", "polycache/s", "raw/s", "ratio");
		for (String size : new String[] { "1024", "102400" }) {
			for (String op : new String[] { "get", "put" }) {
				Double ours = scores.get(size + " " + op);
				Double raw = scores.get(size + " raw" + Character.toUpperCase(op.charAt(0)) + op.substring(1));
				if (ours != null && raw != null) {
					System.out.printf("%-8s %-4s %14.0f %14.0f %7.2f%n", size, op, ours, raw, ours / raw);
				}
			}
		}
	}

}
