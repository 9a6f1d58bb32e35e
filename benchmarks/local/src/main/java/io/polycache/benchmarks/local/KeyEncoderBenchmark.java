package io.polycache.benchmarks.local;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import org.springframework.cache.interceptor.SimpleKey;

import io.polycache.internal.KeyEncoder;

/**
 * The cost of turning one key into its stored form for a shared store, by key shape: what
 * every get and put on file-system, memcached and redis pays before it touches the store.
 * Run: {@code benchmarks/run key-encoder}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyEncoderBenchmark {

	/** A record key, encoded by its components. */
	public record ProductKey(long id, String locale) {
	}

	private final String string = "user-42";

	private final Long number = 123_456_789L;

	private final SimpleKey simpleKey = new SimpleKey("acme", "shoes, red", 42L);

	private final ProductKey record = new ProductKey(7, "en");

	private final List<String> list = List.of("a", "b", "c");

	@Benchmark
	public String string() {
		return KeyEncoder.encode(this.string);
	}

	@Benchmark
	public String number() {
		return KeyEncoder.encode(this.number);
	}

	@Benchmark
	public String simpleKey() {
		return KeyEncoder.encode(this.simpleKey);
	}

	@Benchmark
	public String record() {
		return KeyEncoder.encode(this.record);
	}

	@Benchmark
	public String list() {
		return KeyEncoder.encode(this.list);
	}

}
