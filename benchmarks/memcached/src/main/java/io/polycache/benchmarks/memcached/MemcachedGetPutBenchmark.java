package io.polycache.benchmarks.memcached;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.rubyeye.xmemcached.MemcachedClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.cache.Cache;

import io.polycache.benchmarks.support.BenchmarkCaches;
import io.polycache.benchmarks.support.LoopbackServer;
import io.polycache.core.CacheSettings;
import io.polycache.internal.ClassAllowList;
import io.polycache.internal.JdkValueSerializer;
import io.polycache.memcached.MemcachedClientSettings;
import io.polycache.memcached.MemcachedClients;
import io.polycache.memcached.MemcachedProperties;
import io.polycache.memcached.MemcachedProvider;

/**
 * Polycache's memcached cache against raw xmemcached, on one memcached server the
 * benchmark starts on a free loopback port. Both sides use the same client settings and
 * the same values: Polycache as the auto-configuration builds it (the outage guard and
 * fail-open around the store, the JDK serializer with its allow-list, records with their
 * own expiry, the namespace generation), raw xmemcached with its default serializing transcoder. The ratio that
 * matters is Polycache's throughput over raw's, per operation and value.
 * <p>The {@code get} and {@code put} groups run both sides at the same time, one thread
 * each, so that whatever else the machine is doing slows both alike: their ratio holds on
 * a busy machine, where the solo benchmarks' absolute numbers do not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MemcachedGetPutBenchmark {

	private static final int KEYS = 1024;

	/** {@code string}: a 100-character string; {@code object}: a small serializable record. */
	@Param({ "string", "object" })
	public String value;

	private LoopbackServer server;

	private MemcachedClients clients;

	private MemcachedClients rawClients;

	private MemcachedClient raw;

	private Cache cache;

	private Object payload;

	private final String[] keys = new String[KEYS];

	private final String[] rawKeys = new String[KEYS];

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.server = LoopbackServer.memcached();
		this.clients = new MemcachedClients();
		MemcachedClientSettings settings = MemcachedClientSettings.of(List.of(this.server.address()));
		// A client of its own, with the same settings, so neither side shares connections.
		this.rawClients = new MemcachedClients();
		this.raw = this.rawClients.client("raw", settings).nativeClient();
		CacheSettings cacheSettings = CacheSettings.builder("bench").keyPrefix("bench:").ttl(Duration.ofMinutes(10))
			.build();
		MemcachedProperties shared = new MemcachedProperties();
		shared.setServers(List.of(this.server.address()));
		MemcachedProvider provider = new MemcachedProvider(this.clients, shared);
		this.cache = BenchmarkCaches.assemble(cacheSettings, provider,
				new JdkValueSerializer(ClassAllowList.of(List.of("io.polycache.benchmarks"))));
		this.payload = "string".equals(this.value) ? "x".repeat(100) : new Quote("ACME", 12_345L, 17, "NYSE");
		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = "key-" + i;
			this.rawKeys[i] = "raw:key-" + i;
			this.cache.put(this.keys[i], this.payload);
			this.raw.set(this.rawKeys[i], 600, this.payload);
		}
	}

	@TearDown(Level.Trial)
	public void stop() throws Exception {
		this.rawClients.close();
		this.clients.close();
		this.server.close();
	}

	@Benchmark
	public Object polycacheGet(Cursor cursor) {
		Cache.ValueWrapper found = this.cache.get(this.keys[cursor.next()]);
		return (found != null) ? found.get() : null;
	}

	@Benchmark
	public Object rawGet(Cursor cursor) throws Exception {
		return this.raw.get(this.rawKeys[cursor.next()]);
	}

	@Benchmark
	public void polycachePut(Cursor cursor) {
		this.cache.put(this.keys[cursor.next()], this.payload);
	}

	@Benchmark
	public boolean rawSet(Cursor cursor) throws Exception {
		return this.raw.set(this.rawKeys[cursor.next()], 600, this.payload);
	}

	@Benchmark
	@Group("get")
	@GroupThreads(1)
	public Object getPolycacheSide(Cursor cursor) {
		return polycacheGet(cursor);
	}

	@Benchmark
	@Group("get")
	@GroupThreads(1)
	public Object getRawSide(Cursor cursor) throws Exception {
		return rawGet(cursor);
	}

	@Benchmark
	@Group("put")
	@GroupThreads(1)
	public void putPolycacheSide(Cursor cursor) {
		polycachePut(cursor);
	}

	@Benchmark
	@Group("put")
	@GroupThreads(1)
	public boolean putRawSide(Cursor cursor) throws Exception {
		return rawSet(cursor);
	}

	/** Each thread walks the keys on its own. */
	@State(Scope.Thread)
	public static class Cursor {

		private int position = (int) Thread.currentThread().getId() * 7919;

		int next() {
			this.position = (this.position + 1) & (KEYS - 1);
			return this.position;
		}

	}

	/** A small value object, as an application would cache it. */
	public record Quote(String symbol, long priceCents, int volume, String exchange) implements Serializable {
	}

}
