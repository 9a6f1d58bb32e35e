package io.polycache.benchmarks.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@link Compare}, as {@code benchmarks/run} passes it on. See
 * {@link #USAGE}.
 */
final class Options {

	static final String USAGE = """
			usage: benchmarks/run [compare|quick|memory|local-outside] [options]
			  compare (default)  3 rounds; each workload in a JVM of its own (--jvm-per=workload): 2,000 ms
			                     warm-up, 4 x 500 ms measurement; memory walk (before round ten:
			                     --jvm-per=implementation --warmup=800 --measure=800 --iterations=3)
			  quick              2 rounds; per workload 500 ms warm-up, 2 x 500 ms measurement; no memory walk
			  memory             only the memory walk: bytes per entry without and with a TTL
			  local-outside      issue 15's outside measurement: --facade=booted, workloads
			                     read:1,read:2,mix95:2,mix50:2,put:1, each in a JVM of its own (--jvm-per=workload);
			                     3 rounds of 2,000 ms warm-up, 4 x 500 ms; no memory walk
			options:
			  --rounds=N --warmup=MS --measure=MS --iterations=N   override the mode's timing
			  --impls=LRU,CAFFEINE,...     implementations (default: the six policies and CAFFEINE;
			                               CONCURRENT_MAP, the unbounded upper limit, and CAFFEINE_CALLER,
			                               Caffeine's maintenance on the calling thread, on request)
			  --workloads=read:2,...       kind:threads, kind one of read, mix95, mix50, put, hit
			                               (default read:2,read:4,mix95:2,mix50:2,put:1,hit:1)
			  --kind                       the case measured before issue 15: --keys=long --streams=offset --ttl=0
			  --keys=string|long           String keys (own instances) or shared pre-boxed Longs (default string)
			  --streams=own|offset|lockstep  own Zipf stream per thread; one stream at offsets; one in lockstep
			                               (default own)
			  --ttl=SECONDS                TTL of every entry in every cache, 0 for none (default 600)
			  --facade=direct|booted       Polycache built over the store directly, or taken from an application
			                               booted with properties only (default direct; local-outside: booted)
			  --memory, --no-memory        with or without the bytes-per-entry walk
			  --jvm-per=implementation|workload  a fresh JVM per implementation that runs every workload in turn
			                               (quick's default), or per implementation and workload (compare's and
			                               local-outside's): no workload's code is compiled with another's
			                               profile (give it a longer --warmup: the JVM's first work is then the
			                               workload's own warm-up)
			""";

	/** The workloads of issue 15's outside measurement. */
	static final List<String> OUTSIDE_WORKLOADS = List.of("read:1", "read:2", "mix95:2", "mix50:2", "put:1");

	static final List<String> DEFAULT_WORKLOADS = List.of("read:2", "read:4", "mix95:2", "mix50:2", "put:1", "hit:1");

	int rounds = 3;

	long warmupMillis = 2000;

	long measurementMillis = 500;

	int iterations = 4;

	String mode = "compare";

	/** The six policies and Caffeine, as an application gets it. */
	static final List<Implementation> DEFAULT_IMPLEMENTATIONS = List.of(Implementation.FIFO, Implementation.LIFO,
			Implementation.LRU, Implementation.MRU, Implementation.LFU, Implementation.RANDOM, Implementation.CAFFEINE);

	List<Implementation> implementations = new ArrayList<>(DEFAULT_IMPLEMENTATIONS);

	List<Workload> workloads = DEFAULT_WORKLOADS.stream().map(Workload::parse).toList();

	Scenario scenario = Scenario.ADVERSARIAL;

	boolean memory = true;

	/**
	 * Whether each workload runs in a JVM of its own, rather than after the others in its
	 * implementation's: run after the others in one JVM, a mix measured its JIT's warm-up
	 * (docs/performance.md, round nine).
	 */
	boolean jvmPerWorkload = true;

	static Options parse(String[] args) {
		Options options = new Options();
		List<String> rest = new ArrayList<>(Arrays.asList(args));
		if (!rest.isEmpty() && !rest.get(0).startsWith("--")) {
			options.mode = rest.remove(0);
			if (options.mode.equals("quick")) {
				options.jvmPerWorkload = false;
				options.rounds = 2;
				options.warmupMillis = 500;
				options.measurementMillis = 500;
				options.iterations = 2;
				options.memory = false;
			}
			else if (options.mode.equals("factors")) {
				// Every workload of an implementation and case in one JVM, as factors always ran.
				options.jvmPerWorkload = false;
				options.warmupMillis = 800;
				options.measurementMillis = 800;
				options.iterations = 3;
			}
			else if (options.mode.equals("memory")) {
				options.rounds = 0;
			}
			else if (options.mode.equals("local-outside")) {
				options.memory = false;
				options.scenario = Scenario.OUTSIDE;
				options.workloads = OUTSIDE_WORKLOADS.stream().map(Workload::parse).toList();
			}
			else if (!options.mode.equals("compare")) {
				throw new IllegalArgumentException("Unknown mode " + options.mode + "\n" + USAGE);
			}
		}
		for (String arg : rest) {
			String[] pair = arg.split("=", 2);
			String value = (pair.length == 2) ? pair[1] : "";
			switch (pair[0]) {
				case "--rounds" -> options.rounds = Integer.parseInt(value);
				case "--warmup" -> options.warmupMillis = Long.parseLong(value);
				case "--measure" -> options.measurementMillis = Long.parseLong(value);
				case "--iterations" -> options.iterations = Integer.parseInt(value);
				case "--impls" -> options.implementations = implementations(value);
				case "--workloads" -> options.workloads = Arrays.stream(value.split(",")).map(Workload::parse).toList();
				case "--kind" -> options.scenario = Scenario.KIND;
				case "--keys" -> options.scenario = options.scenario.withKeys(value);
				case "--streams" -> options.scenario = options.scenario.withStreams(value);
				case "--ttl" -> options.scenario = options.scenario.withTtl(Long.parseLong(value));
				case "--facade" -> options.scenario = options.scenario.withFacade(value);
				case "--no-memory" -> options.memory = false;
				case "--memory" -> options.memory = true;
				case "--jvm-per" -> options.jvmPerWorkload = switch (value) {
					case "workload" -> true;
					case "implementation" -> false;
					default -> throw new IllegalArgumentException("--jvm-per is implementation or workload, not " + value);
				};
				case "--help" -> throw new IllegalArgumentException(USAGE);
				default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
			}
		}
		if (!options.implementations.contains(Implementation.CAFFEINE)) {
			throw new IllegalArgumentException("--impls must include CAFFEINE: every ratio is to it");
		}
		return options;
	}

	/** The implementations of a comma-separated list, as {@code --impls} takes it. */
	static List<Implementation> implementations(String names) {
		return Arrays.stream(names.split(",")).map(Implementation::valueOf).toList();
	}

	String workloadIds() {
		return String.join(",", this.workloads.stream().map(Workload::id).toList());
	}

}
