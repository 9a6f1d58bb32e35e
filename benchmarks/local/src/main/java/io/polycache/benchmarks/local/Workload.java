package io.polycache.benchmarks.local;

/**
 * One measured workload of {@link CacheBenchmark}: which benchmark method, the share of
 * reads, and the number of threads. Written {@code kind:threads} on the command line:
 * {@code read} (100% reads), {@code mix95}, {@code mix50}, {@code put} (puts only) and
 * {@code hit} (reads of cached keys only, with JMH's gc profiler for allocation) and
 * {@code aside} (reads that put what they missed, as {@code @Cacheable} does).
 */
record Workload(String benchmark, int readPercent, int threads) {

	static Workload parse(String text) {
		String[] parts = text.split(":");
		if (parts.length != 2) {
			throw new IllegalArgumentException("A workload is kind:threads, e.g. read:2, not " + text);
		}
		int threads = Integer.parseInt(parts[1]);
		return switch (parts[0]) {
			case "read" -> new Workload("mixed", 100, threads);
			case "mix95" -> new Workload("mixed", 95, threads);
			case "mix50" -> new Workload("mixed", 50, threads);
			case "put" -> new Workload("mixed", 0, threads);
			case "hit" -> new Workload("readHit", 100, threads);
			case "aside" -> new Workload("aside", 100, threads);
			default -> throw new IllegalArgumentException("Unknown workload kind " + parts[0]
					+ ": use read, mix95, mix50, put, hit or aside");
		};
	}

	/** The {@code kind:threads} form {@link #parse} reads. */
	String id() {
		return kind() + ":" + this.threads;
	}

	String label() {
		return switch (kind()) {
			case "read" -> "get";
			case "mix95" -> "95/5 mix";
			case "mix50" -> "50/50 mix";
			case "hit" -> "get, hits";
			case "aside" -> "get, put on miss";
			default -> kind();
		};
	}

	/** Whether it measures the read-hit path's allocation only, not throughput worth a row of its own. */
	boolean isReadHit() {
		return this.benchmark.equals("readHit");
	}

	/** Whether every operation is a read, so contention counts are per million reads. */
	boolean readsOnly() {
		return this.readPercent == 100;
	}

	private String kind() {
		if (isReadHit()) {
			return "hit";
		}
		if (this.benchmark.equals("aside")) {
			return "aside";
		}
		return switch (this.readPercent) {
			case 100 -> "read";
			case 0 -> "put";
			default -> "mix" + this.readPercent;
		};
	}

}
