package io.polycache.benchmarks;

import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import org.springframework.cache.Cache;

/**
 * Throughput of one {@link Implementation} through Spring's {@link Cache}: a Zipf(0.99)
 * key stream over 2^20 keys against a cache of 2^16 entries, filled with the 2^16 most
 * popular keys before measuring. {@link #mixed} reads {@link #readPercent}% of the time
 * and puts otherwise; {@link #readHit} reads only keys the cache holds, for the read-hit
 * path's allocation. Keys are pre-boxed and the operation sequence pre-generated, so the
 * benchmark itself allocates nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CacheBenchmark {

	static final int KEY_SPACE = 1 << 20;

	static final int CACHE_SIZE = 1 << 16;

	/** Stream length: a power of two, long enough that threads starting apart rarely meet. */
	private static final int STREAM = 1 << 22;

	private static final int MASK = STREAM - 1;

	/** One boxed key per key, shared by every stream so a key is always the same object. */
	static final Long[] KEYS = new Long[KEY_SPACE];

	private static final ZipfKeys ZIPF = new ZipfKeys(KEY_SPACE);

	private static final Long[] ZIPF_STREAM = new Long[STREAM];

	/** Keys of ranks below {@link #CACHE_SIZE}: the ones the cache is filled with. */
	private static final Long[] HIT_STREAM = new Long[STREAM];

	/** A number in [0, 100) per position: the position reads when it is below the read percentage. */
	private static final byte[] DICE = new byte[STREAM];

	static {
		for (int key = 0; key < KEY_SPACE; key++) {
			KEYS[key] = (long) key;
		}
		int[] zipf = ZIPF.stream(STREAM, 42);
		SplittableRandom random = new SplittableRandom(7);
		ZipfKeys hot = new ZipfKeys(CACHE_SIZE);
		for (int i = 0; i < STREAM; i++) {
			ZIPF_STREAM[i] = KEYS[zipf[i]];
			HIT_STREAM[i] = KEYS[ZIPF.key(hot.nextRank(random))];
			DICE[i] = (byte) random.nextInt(100);
		}
	}

	@Param({ "LRU" })
	public String implementation;

	@Param({ "100" })
	public int readPercent;

	private Cache cache;

	private final AtomicInteger threadStarts = new AtomicInteger();

	@Setup(Level.Trial)
	public void fill() {
		this.cache = Implementation.valueOf(this.implementation).create(CACHE_SIZE);
		for (int rank = 0; rank < CACHE_SIZE; rank++) {
			Long key = KEYS[ZIPF.key(rank)];
			this.cache.put(key, key);
		}
	}

	/** Each thread's place in the streams, and its lock-contention probe. */
	@State(Scope.Thread)
	public static class Cursor {

		int index;

		long operations;

		private long blockedAndWaitedAtStart;

		@Setup(Level.Trial)
		public void place(CacheBenchmark benchmark) {
			// Threads start far apart in the stream, as if serving different requests.
			this.index = benchmark.threadStarts.getAndIncrement() * (STREAM / 8) + 12_345;
		}

		@Setup(Level.Iteration)
		public void startProbe() {
			this.operations = 0;
			this.blockedAndWaitedAtStart = Contention.blockedAndWaited();
		}

		@TearDown(Level.Iteration)
		public void stopProbe(IterationParams iteration) {
			if (iteration.getType() == IterationType.MEASUREMENT) {
				Contention.record(Contention.blockedAndWaited() - this.blockedAndWaitedAtStart, this.operations);
			}
		}

	}

	@Benchmark
	public Object mixed(Cursor cursor) {
		int i = cursor.index++ & MASK;
		cursor.operations++;
		Long key = ZIPF_STREAM[i];
		if (DICE[i] < this.readPercent) {
			return this.cache.get(key);
		}
		this.cache.put(key, key);
		return key;
	}

	@Benchmark
	public Object readHit(Cursor cursor) {
		int i = cursor.index++ & MASK;
		cursor.operations++;
		return this.cache.get(HIT_STREAM[i]);
	}

}
