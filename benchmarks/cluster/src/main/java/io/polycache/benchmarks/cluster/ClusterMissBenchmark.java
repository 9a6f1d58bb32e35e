package io.polycache.benchmarks.cluster;

import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

import io.polycache.core.SingleFlightScope;
import io.polycache.internal.AssembledCache;

/**
 * The cost of one miss, {@code get(key, loader)} on a key never seen, with
 * {@code single-flight: instance} and {@code cluster}: two instances on one
 * {@link SharedStore}, thread {@code i} calling instance {@code i % 2}, so with two
 * threads both instances miss at once. Each call's key is new ({@code String}, unique to
 * the trial, the thread and the call), and the loader returns a small constant at once,
 * so a miss is all store work: with {@code instance}, the read that misses, the read again
 * under the instance's single flight and the write; with {@code cluster}, also taking the
 * key's lease, reading the value once more under it, and releasing it.
 * <p>Run through {@link MissCosts}, which pairs the two scopes within each round.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClusterMissBenchmark {

	private static final String VALUE = "price-1";

	private static final Callable<String> LOADER = () -> VALUE;

	@Param({ "redis", "memcached", "file" })
	public String backend;

	@Param({ "instance", "cluster" })
	public String singleFlight;

	private SharedStore store;

	private final AssembledCache[] instances = new AssembledCache[2];

	private final String trial = UUID.randomUUID().toString();

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.store = SharedStore.start(this.backend);
		SingleFlightScope scope = SingleFlightScope.valueOf(this.singleFlight.toUpperCase());
		this.instances[0] = this.store.instance(scope);
		this.instances[1] = this.store.instance(scope);
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		this.store.close();
	}

	/** One caller: its instance and its next key. */
	@State(Scope.Thread)
	public static class Caller {

		AssembledCache cache;

		String prefix;

		long next;

		@Setup(Level.Trial)
		public void start(ClusterMissBenchmark benchmark, ThreadParams thread) {
			this.cache = benchmark.instances[thread.getThreadIndex() % 2];
			this.prefix = "sku:" + benchmark.trial + ":" + thread.getThreadIndex() + ":";
		}

	}

	@Benchmark
	public Object miss(Caller caller) {
		Object value = caller.cache.get(caller.prefix + caller.next++, LOADER);
		if (value != VALUE) {
			throw new IllegalStateException("A miss returned " + value + ", not what its loader did");
		}
		return value;
	}

}
