package io.polycache.benchmarks.local;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import org.springframework.cache.Cache;

/**
 * Throughput of one {@link Implementation} through Spring's {@link Cache}: Zipf(0.99) key
 * streams over 2^20 keys against a cache of 2^16 entries, filled with the 2^16 most popular
 * keys before measuring. {@link #mixed} reads {@link #readPercent}% of the time and puts
 * otherwise ({@code 0} is put only); {@link #readHit} reads only keys the cache holds, for
 * the read-hit path's allocation; {@link #aside} reads and puts what it missed. The {@link Scenario} parameters choose the key type,
 * where each thread's keys come from, and the TTL; see {@link Scenario}. Operations are
 * pre-generated ({@link KeyStream}), so the benchmark itself allocates nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CacheBenchmark {

	static final int KEY_SPACE = 1 << 20;

	static final int CACHE_SIZE = 1 << 16;

	/** Operations between two reads of a thread's contention and processor counts, less one. */
	static final int CHECKPOINT_MASK = (1 << 14) - 1;

	/** The seed of the one stream threads share when they do not have their own. */
	private static final long SHARED_SEED = 42;

	@Param({ "LRU" })
	public String implementation;

	@Param({ "100" })
	public int readPercent;

	/** {@code string} or {@code long}: see {@link Scenario#stringKeys()}. */
	@Param({ "string" })
	public String keys;

	/** {@code own}, {@code offset} or {@code lockstep}: see {@link Scenario.Streams}. */
	@Param({ "own" })
	public String streams;

	/** Time to live of every entry, in seconds; {@code 0} for none. */
	@Param({ "600" })
	public long ttlSeconds;

	/** {@code direct} or {@code booted}: see {@link Scenario#booted()}. */
	@Param({ "direct" })
	public String facade;

	private Cache cache;

	private boolean stringKeys;

	private Scenario.Streams placement;

	private final AtomicInteger threadStarts = new AtomicInteger();

	@Setup(Level.Trial)
	public void fill() {
		this.stringKeys = this.keys.equals("string");
		this.placement = Scenario.Streams.valueOf(this.streams.toUpperCase(Locale.ROOT));
		this.cache = Implementation.valueOf(this.implementation)
			.create(CACHE_SIZE, Duration.ofSeconds(this.ttlSeconds), null, this.facade.equals("booted"));
		for (int rank = 0; rank < CACHE_SIZE; rank++) {
			// Family 0: the instances the cache holds, distinct from every thread's.
			Object key = KeyStream.keyOfRank(this.stringKeys, rank, 0);
			this.cache.put(key, key);
		}
	}

	/** Each thread's stream and place in it, and its lock-contention probe. */
	@State(Scope.Thread)
	public static class Cursor {

		/** The seed of the first thread's own stream; the n-th thread's is this plus n. */
		static final long FIRST_SEED = 1000;

		KeyStream stream;

		int index;

		long operations;

		/** Counts at the iteration's first and latest checkpoint: operations, blocks+waits, processor nanoseconds. */
		private long firstOperations = -1;

		private long firstEvents;

		private long firstCpuNanos;

		private long lastOperations = -1;

		private long lastEvents;

		private long lastCpuNanos;

		@Setup(Level.Trial)
		public void place(CacheBenchmark benchmark, BenchmarkParams params) {
			int thread = benchmark.threadStarts.getAndIncrement();
			boolean hits = params.getBenchmark().endsWith(".readHit");
			boolean strings = benchmark.stringKeys;
			switch (benchmark.placement) {
				case OWN -> {
					this.stream = KeyStream.of(strings, FIRST_SEED + thread, 1, hits);
					this.index = 0;
				}
				case OFFSET -> {
					this.stream = KeyStream.of(strings, SHARED_SEED, 1, hits);
					this.index = thread * (KeyStream.LENGTH / 8) + 12_345;
				}
				case LOCKSTEP -> {
					this.stream = KeyStream.of(strings, SHARED_SEED, 1, hits);
					this.index = 12_345;
				}
			}
		}

		@Setup(Level.Iteration)
		public void startProbe() {
			this.operations = 0;
			this.firstOperations = -1;
			this.lastOperations = -1;
		}

		/**
		 * Every {@link #CHECKPOINT_MASK} + 1 operations, inside the measured loop, reads the
		 * thread's counts: what is recorded is what happened between the first and the
		 * last checkpoint of an iteration, so JMH's own barriers at iteration ends (where a
		 * thread parks for the others) are not counted against the cache. Reading one
		 * thread's counts needs no safepoint.
		 */
		void tick() {
			if ((++this.operations & CHECKPOINT_MASK) == 0) {
				long events = Contention.blockedAndWaited();
				long cpuNanos = Contention.cpuNanos();
				if (this.firstOperations < 0) {
					this.firstOperations = this.operations;
					this.firstEvents = events;
					this.firstCpuNanos = cpuNanos;
				}
				else {
					this.lastOperations = this.operations;
					this.lastEvents = events;
					this.lastCpuNanos = cpuNanos;
				}
			}
		}

		@TearDown(Level.Iteration)
		public void stopProbe(IterationParams iteration) {
			if (iteration.getType() == IterationType.MEASUREMENT && this.lastOperations > this.firstOperations) {
				Contention.record(this.lastEvents - this.firstEvents, this.lastOperations - this.firstOperations,
						this.lastCpuNanos - this.firstCpuNanos);
			}
		}

	}

	@Benchmark
	public Object mixed(Cursor cursor) {
		int i = cursor.index++ & KeyStream.MASK;
		cursor.tick();
		KeyStream stream = cursor.stream;
		Object key = stream.keys[i];
		if (stream.dice[i] < this.readPercent) {
			return this.cache.get(key);
		}
		this.cache.put(key, key);
		return key;
	}

	/**
	 * A {@code get} as an application's cache-aside read does it ({@code @Cacheable}): on a
	 * miss, the value is loaded (here: the key itself) and put.
	 */
	@Benchmark
	public Object aside(Cursor cursor) {
		int i = cursor.index++ & KeyStream.MASK;
		cursor.tick();
		Object key = cursor.stream.keys[i];
		Cache.ValueWrapper value = this.cache.get(key);
		if (value != null) {
			return value;
		}
		this.cache.put(key, key);
		return key;
	}

	@Benchmark
	public Object readHit(Cursor cursor) {
		int i = cursor.index++ & KeyStream.MASK;
		cursor.tick();
		return this.cache.get(cursor.stream.keys[i]);
	}

}
