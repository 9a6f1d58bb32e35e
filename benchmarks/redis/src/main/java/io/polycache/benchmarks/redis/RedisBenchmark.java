package io.polycache.benchmarks.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cache.Cache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter.RedisCacheWriterConfigurer;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;

import io.polycache.benchmarks.support.BenchmarkCaches;
import io.polycache.benchmarks.support.LoopbackServer;
import io.polycache.core.CacheSettings;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.ClassAllowList;
import io.polycache.internal.JdkValueSerializer;
import io.polycache.redis.RedisProvider;

/**
 * Polycache's redis cache against Spring Data Redis's own {@code RedisCache} on the same
 * connection factory and server, and raw Lettuce {@code GET}/{@code SET} of the same bytes
 * on its own connection as the limit; and one bulk get of 100 keys against 100 single gets.
 * <p>Both caches are built as an application gets them: Polycache's as the
 * auto-configuration builds it (the outage guard and fail-open around the store, the JDK
 * serializer and its class allow-list); {@code RedisCache} with its defaults (JDK
 * serialization, no locking). Its default put does not wait for redis, so puts are compared
 * with {@code RedisCache} writing immediately ({@code putRedisCache}), and the default is
 * shown beside it ({@code putRedisCacheAsync}). Every entry has a TTL of ten minutes
 * ({@code SET .. PX}).
 * The server comes from {@code -Dpolycache.redis.port} ({@link RedisBenchmarks} starts one),
 * or is started here when that is not set.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisBenchmark {

	static final String PORT_PROPERTY = "polycache.redis.port";

	private static final int KEYS = 1_000;

	private static final int BULK = 100;

	private static final Duration TTL = Duration.ofMinutes(10);

	/**
	 * Long enough never to expire on a busy machine: a timed-out call would make Polycache
	 * fail fast for a second (fail-open) and count misses as operations.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private LoopbackServer ownServer;

	private LettuceConnectionFactory connectionFactory;

	private RedisClient lettuceClient;

	private StatefulRedisConnection<byte[], byte[]> lettuceConnection;

	AssembledCache polycache;

	Cache redisCache;

	Cache redisCacheImmediate;

	RedisCommands<byte[], byte[]> lettuce;

	final String value = "value ".repeat(16);

	byte[] rawValue;

	final String[] keys = new String[KEYS];

	final byte[][] rawKeys = new byte[KEYS][];

	final List<List<String>> bulks = new ArrayList<>();

	final SetArgs px = SetArgs.Builder.px(TTL.toMillis());

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		String port = System.getProperty(PORT_PROPERTY);
		if (port == null) {
			this.ownServer = LoopbackServer.redis();
			port = String.valueOf(this.ownServer.port());
		}
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(LoopbackServer.HOST, Integer.parseInt(port)),
				LettuceClientConfiguration.builder().commandTimeout(TIMEOUT).build());
		this.connectionFactory.afterPropertiesSet();

		CacheSettings settings = CacheSettings.builder("polycache").keyPrefix("bench:").ttl(TTL).build();
		RedisProvider provider = new RedisProvider(new StaticListableBeanFactory(Map.of("redis", this.connectionFactory))
			.getBeanProvider(RedisConnectionFactory.class));
		this.polycache = BenchmarkCaches.assemble(settings, provider,
				new JdkValueSerializer(ClassAllowList.of(List.of("io.polycache"))));

		RedisCacheManager manager = RedisCacheManager.builder(this.connectionFactory)
			.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig().entryTtl(TTL).prefixCacheNameWith("bench:"))
			.build();
		manager.afterPropertiesSet();
		this.redisCache = manager.getCache("redisCache");
		RedisCacheManager immediate = RedisCacheManager
			.builder(RedisCacheWriter.create(this.connectionFactory, RedisCacheWriterConfigurer::immediateWrites))
			.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig().entryTtl(TTL).prefixCacheNameWith("bench:"))
			.build();
		immediate.afterPropertiesSet();
		this.redisCacheImmediate = immediate.getCache("redisCacheImmediate");

		this.lettuceClient = RedisClient.create(RedisURI.create(LoopbackServer.HOST, Integer.parseInt(port)));
		this.lettuceConnection = this.lettuceClient.connect(ByteArrayCodec.INSTANCE);
		this.lettuceConnection.setTimeout(TIMEOUT);
		this.lettuce = this.lettuceConnection.sync();
		this.rawValue = new JdkSerializationRedisSerializer().serialize(this.value);

		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = "k" + i;
			this.rawKeys[i] = ("bench:lettuce:" + i).getBytes(StandardCharsets.UTF_8);
			this.polycache.put(this.keys[i], this.value);
			this.redisCache.put(this.keys[i], this.value);
			this.lettuce.set(this.rawKeys[i], this.rawValue, this.px);
		}
		for (int start = 0; start < KEYS; start += BULK) {
			this.bulks.add(List.of(this.keys).subList(start, start + BULK));
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.lettuceConnection.close();
		this.lettuceClient.shutdown();
		this.connectionFactory.destroy();
		if (this.ownServer != null) {
			this.ownServer.close();
		}
	}

	/** Which key a thread uses next; each thread walks all keys in turn. */
	@State(Scope.Thread)
	public static class Cursor {

		private int next;

		int next() {
			this.next = (this.next + 1) % KEYS;
			return this.next;
		}

		int nextBulk() {
			this.next = (this.next + 1) % (KEYS / BULK);
			return this.next;
		}

	}

	@Benchmark
	public Object getPolycache(Cursor cursor) {
		return this.polycache.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public Object getRedisCache(Cursor cursor) {
		return this.redisCache.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public byte[] getLettuce(Cursor cursor) {
		return this.lettuce.get(this.rawKeys[cursor.next()]);
	}

	@Benchmark
	public void putPolycache(Cursor cursor) {
		this.polycache.put(this.keys[cursor.next()], this.value);
	}

	/** {@code RedisCache} with {@code immediateWrites()}: a put returns once redis has it, as Polycache's does. */
	@Benchmark
	public void putRedisCache(Cursor cursor) {
		this.redisCacheImmediate.put(this.keys[cursor.next()], this.value);
	}

	/**
	 * {@code RedisCache} as Spring Data Redis 4 configures it by default: with Lettuce, a
	 * put is sent and not waited for, so this counts writes queued, not writes done.
	 */
	@Benchmark
	public void putRedisCacheAsync(Cursor cursor) {
		this.redisCache.put(this.keys[cursor.next()], this.value);
	}

	@Benchmark
	public String putLettuce(Cursor cursor) {
		return this.lettuce.set(this.rawKeys[cursor.next()], this.rawValue, this.px);
	}

	/** 100 keys in one {@code MGET}; one operation is the whole bulk. */
	@Benchmark
	public Map<String, Object> bulkGet100(Cursor cursor) {
		return this.polycache.getAll(this.bulks.get(cursor.nextBulk()));
	}

	/** The same 100 keys, one {@code GET} each; one operation is all 100. */
	@Benchmark
	public void singleGets100(Cursor cursor, Blackhole blackhole) {
		for (String key : this.bulks.get(cursor.nextBulk())) {
			blackhole.consume(this.polycache.get(key));
		}
	}

}
