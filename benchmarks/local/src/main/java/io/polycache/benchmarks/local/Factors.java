package io.polycache.benchmarks.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Which difference between the case measured before issue 15 ({@link Scenario#KIND}) and
 * the one an application sees ({@link Scenario#ADVERSARIAL}) moves the ratios: each factor
 * added to the kind case alone, each removed from the adversarial case alone, and both
 * ends. Every (case, implementation) pair runs in a fresh JVM ({@link ImplementationRun}),
 * all pairs in a new random order each round, so that load on the machine spreads over
 * all of them. Takes {@link Options} as {@link Compare} does ({@code --impls},
 * {@code --workloads} and the timing; the case options are ignored); run with
 * {@code benchmarks/run factors}. With {@code --outside}, the cases are instead issue 15's
 * outside measurement ({@link Scenario#OUTSIDE}), with threads in lockstep, each of its
 * factors removed from it alone, and the kind case.
 */
public final class Factors {

	/** The cases, by label: each one factor away from one of the two ends. */
	static final Map<String, Scenario> CASES = cases();

	/**
	 * The outside case, threads in lockstep, each other factor taken out of it alone, and the
	 * kind case (booted); the outside case built directly only without {@code STORE_COMMIT}.
	 */
	static final Map<String, Scenario> OUTSIDE_CASES = outsideCases();

	private Factors() {
	}

	/**
	 * @param args {@link Options}, and {@code --ends} to run only the kind and the
	 * adversarial case, or {@code --outside} for {@link #OUTSIDE_CASES}
	 */
	public static void main(String[] args) throws Exception {
		List<String> arguments = new ArrayList<>(List.of(args));
		boolean endsOnly = arguments.remove("--ends");
		Map<String, Scenario> cases = arguments.remove("--outside") ? OUTSIDE_CASES : CASES;
		arguments.add(0, "factors");
		Options options = Options.parse(arguments.toArray(String[]::new));
		if (options.jvmPerWorkload) {
			System.err.println("factors runs every workload of an implementation and case in one JVM: --jvm-per=workload "
					+ "is for compare and local-outside");
			System.exit(2);
			return;
		}
		List<String> labels = new ArrayList<>(cases.keySet());
		if (endsOnly) {
			labels = List.of(labels.get(0), labels.get(labels.size() - 1));
		}
		Map<String, Report> reports = new LinkedHashMap<>();
		labels.forEach((label) -> reports.put(label, new Report(options)));
		List<String[]> pairs = new ArrayList<>();
		for (String label : labels) {
			for (Implementation implementation : options.implementations) {
				pairs.add(new String[] { label, implementation.name() });
			}
		}
		Random shuffle = new Random(2027);
		long start = System.nanoTime();
		for (int round = 1; round <= options.rounds; round++) {
			Collections.shuffle(pairs, shuffle);
			for (String[] pair : pairs) {
				Scenario scenario = cases.get(pair[0]);
				System.err.printf(Locale.ROOT, "round %d/%d: %s %s (%.0f s so far)%n", round, options.rounds, pair[0],
						pair[1], (System.nanoTime() - start) / 1e9);
				reports.get(pair[0]).collect(round, Compare.run(ImplementationRun.class, pair[1],
						String.valueOf(options.warmupMillis), String.valueOf(options.measurementMillis),
						String.valueOf(options.iterations), options.workloadIds(), scenario.keys(),
						scenario.streams().name(), String.valueOf(scenario.ttl().toSeconds()), scenario.facade()));
			}
		}
		System.out.printf(Locale.ROOT, "Factors: %d rounds, per workload 1 warm-up x %d ms, %d x %d ms; took %.0f s; "
				+ "load average at the end: %s%n%n", options.rounds, options.warmupMillis, options.iterations,
				options.measurementMillis, (System.nanoTime() - start) / 1e9, Compare.loadAverage());
		System.out.printf(Locale.ROOT, "| %-28s | %-9s | %-15s %s%n", "case", "workload", "implementation",
				Report.HEADER);
		System.out.println("|------------------------------|-----------|-----------------" + Report.RULE);
		for (Workload workload : options.workloads) {
			for (Map.Entry<String, Report> entry : reports.entrySet()) {
				for (Implementation implementation : options.implementations) {
					System.out.printf(Locale.ROOT, "| %-28s | %-9s | %-15s %s%n", entry.getKey(), workload.id(),
							implementation, entry.getValue().cells(implementation, workload));
				}
			}
		}
	}

	private static Map<String, Scenario> cases() {
		Map<String, Scenario> cases = new LinkedHashMap<>();
		Scenario kind = Scenario.KIND;
		Scenario adversarial = Scenario.ADVERSARIAL;
		cases.put("kind (long/offset/no TTL)", kind);
		cases.put("kind + String keys", kind.withKeys("string"));
		cases.put("kind + own streams", kind.withStreams("own"));
		cases.put("kind + lockstep", kind.withStreams("lockstep"));
		cases.put("kind + TTL", kind.withTtl(adversarial.ttl().toSeconds()));
		cases.put("adversarial - String keys", adversarial.withKeys("long"));
		cases.put("adversarial - own streams", adversarial.withStreams("offset"));
		cases.put("adversarial - TTL", adversarial.withTtl(0));
		cases.put("adversarial (str/own/TTL)", adversarial);
		return cases;
	}

	private static Map<String, Scenario> outsideCases() {
		Map<String, Scenario> cases = new LinkedHashMap<>();
		Scenario outside = Scenario.OUTSIDE;
		cases.put("outside (booted/str/own/TTL)", outside);
		cases.put("outside + lockstep", outside.withStreams("lockstep"));
		cases.put("outside - String keys", outside.withKeys("long"));
		cases.put("outside - own streams", outside.withStreams("offset"));
		cases.put("outside - TTL", outside.withTtl(0));
		cases.put("kind, booted (long/off/0)", Scenario.KIND.withFacade("booted"));
		if (System.getenv("STORE_COMMIT") == null) {
			// Built directly: only against this tree's store, whose internals the benchmark is compiled against.
			cases.put("outside - booted", outside.withFacade("direct"));
		}
		return cases;
	}

}
