package io.polycache.benchmarks.near;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.cache.Cache.ValueWrapper;

import io.polycache.core.CacheSettings;
import io.polycache.internal.KeyEncoder;
import io.polycache.internal.StatsCounter;
import io.polycache.local.LocalStores;
import io.polycache.spi.CacheStore;

/**
 * Where the time of one hit goes, one thread, in nanoseconds: a near hit and a
 * local-memory hit through Spring's {@code Cache} ({@link NearBenchmark}'s caches and
 * keys), the local-memory store both of them read without any cache around it, and the
 * parts a near hit adds on its own ({@link KeyEncoder#encode} of a {@code String} key, a
 * {@link LongAdder} increment). {@link #key} is what drawing a key costs every one of them.
 * Run: {@code benchmarks/run near-cost} (JMH options after it, e.g. {@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HitCostBenchmark {

	private final NearBenchmark caches = new NearBenchmark();

	private final CacheStore<Object, Object> store = LocalStores.create(CacheSettings.builder("store")
		.maxEntries(RedisInstance.MAX_ENTRIES)
		.eviction(RedisInstance.EVICTION)
		.build(), Clock.systemUTC(), new StatsCounter());

	private final LongAdder adder = new LongAdder();

	private final String[] keys = HotKeys.stream(1000);

	private int index;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.caches.implementation = Implementation.NEAR.name();
		this.caches.setUp();
		for (int id = 0; id < HotKeys.KEYS; id++) {
			this.store.put(HotKeys.key(id), NearBenchmark.value(), RedisInstance.TTL);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.caches.tearDown();
	}

	@Benchmark
	public ValueWrapper nearHit() {
		return this.caches.cache(Implementation.NEAR).get(this.keys[this.index++ & HotKeys.MASK]);
	}

	@Benchmark
	public ValueWrapper localHit() {
		return this.caches.cache(Implementation.LOCAL).get(this.keys[this.index++ & HotKeys.MASK]);
	}

	@Benchmark
	public Object storeGet() {
		return this.store.get(this.keys[this.index++ & HotKeys.MASK]);
	}

	@Benchmark
	public String encodeKey() {
		return KeyEncoder.encode(this.keys[this.index++ & HotKeys.MASK]);
	}

	@Benchmark
	public String key() {
		return this.keys[this.index++ & HotKeys.MASK];
	}

	@Benchmark
	public void longAdder() {
		this.adder.increment();
	}

}
