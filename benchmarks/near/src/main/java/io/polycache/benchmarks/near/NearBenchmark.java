package io.polycache.benchmarks.near;

import java.util.EnumMap;
import java.util.Map;
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

import org.springframework.cache.Cache;
import org.springframework.cache.Cache.ValueWrapper;

import io.polycache.benchmarks.support.LoopbackServer;
import io.polycache.internal.AssembledCache;

/**
 * One read through Spring's {@link Cache#get(Object)} that finds its value, on each
 * {@link Implementation}: a near-tier hit, a local-memory hit, a redis {@code GET}. Every
 * thread reads its own Zipf(0.99) stream over the same {@value HotKeys#KEYS} String keys
 * ({@link HotKeys}), so threads collide on the hot keys; every entry has a TTL of ten
 * minutes, so the expiry bookkeeping is on. Every fork builds all three caches, writes
 * every key to each and reads it twice (so the near tier holds a copy of each), then
 * measures one of them.
 * <p>A read that misses would measure something else, so the trial fails if any did: a
 * near read that reached redis, or a local or redis read that found nothing.
 * The redis server comes from {@code -Dpolycache.redis.port} ({@link NearCompare} starts
 * one), or is started here when that is not set.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NearBenchmark {

	static final String PORT_PROPERTY = "polycache.redis.port";

	static final String VALUE = "value ".repeat(16);

	/**
	 * A value of its own, as each entry of an application's cache holds its own object (and
	 * as each near copy is a decoded object of its own): one instance shared by all entries
	 * would pack the local-memory cache's entries densely and flatter it.
	 */
	static String value() {
		return new String(VALUE.toCharArray());
	}

	@Param({ "NEAR" })
	public String implementation;

	private final AtomicInteger threadStarts = new AtomicInteger();

	private LoopbackServer ownServer;

	private RedisInstance redis;

	private final Map<Implementation, AssembledCache> caches = new EnumMap<>(Implementation.class);

	/** The one measured. */
	private AssembledCache cache;

	private long missesBefore;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		String port = System.getProperty(PORT_PROPERTY);
		if (port == null) {
			this.ownServer = LoopbackServer.redis();
			port = String.valueOf(this.ownServer.port());
		}
		// Every fork builds, fills and reads all three caches, so that each JVM has loaded,
		// run and compiled the same code (Lettuce included) whichever cache it measures.
		this.redis = new RedisInstance(Integer.parseInt(port));
		this.caches.put(Implementation.NEAR, this.redis.cache(true));
		this.caches.put(Implementation.LOCAL, RedisInstance.localCache());
		this.caches.put(Implementation.REDIS, this.redis.cache(false));
		for (AssembledCache each : this.caches.values()) {
			for (int id = 0; id < HotKeys.KEYS; id++) {
				each.put(HotKeys.key(id), value());
			}
			for (int pass = 0; pass < 2; pass++) {
				for (int id = 0; id < HotKeys.KEYS; id++) {
					each.get(HotKeys.key(id));
				}
			}
		}
		long resident = this.caches.get(Implementation.NEAR).nearStatistics().orElseThrow().size();
		if (resident != HotKeys.KEYS) {
			throw new IllegalStateException("The near tier holds " + resident + " of " + HotKeys.KEYS + " keys");
		}
		this.cache = this.caches.get(Implementation.valueOf(this.implementation));
		this.missesBefore = misses();
	}

	/** One of the three caches, built and filled by {@link #setUp}. */
	AssembledCache cache(Implementation which) {
		return this.caches.get(which);
	}

	/** Near misses for the near tier (reads that reached redis), else the cache's misses. */
	private long misses() {
		return this.cache.nearStatistics().map((near) -> near.misses()).orElseGet(() -> this.cache.statistics().misses());
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		long missed = misses() - this.missesBefore;
		try {
			for (AssembledCache each : this.caches.values()) {
				each.close();
			}
			this.redis.close();
			if (this.ownServer != null) {
				this.ownServer.close();
			}
		}
		finally {
			if (missed != 0) {
				throw new IllegalStateException(missed + " measured reads of " + this.implementation
						+ " missed: the figures are not of hits");
			}
		}
	}

	/** Each thread's own stream of key instances, and its place in it. */
	@State(Scope.Thread)
	public static class Cursor {

		String[] keys;

		int index;

		@Setup(Level.Trial)
		public void place(NearBenchmark benchmark) {
			this.keys = HotKeys.stream(1000 + benchmark.threadStarts.getAndIncrement());
		}

	}

	@Benchmark
	public ValueWrapper get(Cursor cursor) {
		return this.cache.get(cursor.keys[cursor.index++ & HotKeys.MASK]);
	}

}
