package io.polycache.benchmarks.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.benchmarks.support.LoopbackServer;
import io.polycache.core.CacheSettings;
import io.polycache.redis.RedisStores;
import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyNamespace;

/**
 * What announcing mode costs a write: one put of a 100-byte value with a TTL through the
 * redis store as a cache without a near tier has it ({@code SET .. PX}), and in announcing
 * mode, as a cache with one has it (a script that runs the same {@code SET} and a
 * {@code PUBLISH} to the cache's channel), with {@code subscribers} other instances
 * listening on that channel. One thread, average time per put.
 * The server comes from {@code -Dpolycache.redis.port}, or is started here.
 * <p>{@link #main} runs the two interleaved instead (slices of 200 ms in a new random order
 * each round, the median of per-round ratios), which a busy machine skews less than JMH's
 * sequential forks; {@code benchmarks/run redis-announce [rounds]} runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AnnouncedPutBenchmark {

	private static final int KEYS = 1_000;

	private static final Duration TTL = Duration.ofMinutes(10);

	@Param({ "0", "2" })
	int subscribers;

	private LoopbackServer ownServer;

	private LettuceConnectionFactory connectionFactory;

	private RedisClient subscriberClient;

	private final List<StatefulRedisPubSubConnection<String, String>> subscriptions = new ArrayList<>();

	private ByteStore plain;

	private ByteStore announcing;

	private final String[] keys = new String[KEYS];

	private final byte[] value = "v".repeat(100).getBytes(StandardCharsets.UTF_8);

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		String port = System.getProperty(RedisBenchmark.PORT_PROPERTY);
		if (port == null) {
			this.ownServer = LoopbackServer.redis();
			port = String.valueOf(this.ownServer.port());
		}
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(LoopbackServer.HOST, Integer.parseInt(port)),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(30)).build());
		this.connectionFactory.afterPropertiesSet();
		KeyNamespace namespace = KeyNamespace.of(CacheSettings.builder("announced").keyPrefix("bench:").build());
		this.plain = RedisStores.create(namespace, this.connectionFactory);
		this.announcing = RedisStores.announcing(namespace, this.connectionFactory);
		this.subscriberClient = RedisClient.create(RedisURI.create(LoopbackServer.HOST, Integer.parseInt(port)));
		for (int i = 0; i < this.subscribers; i++) {
			StatefulRedisPubSubConnection<String, String> subscription = this.subscriberClient.connectPubSub();
			subscription.sync().subscribe(RedisStores.invalidationChannel(namespace));
			this.subscriptions.add(subscription);
		}
		for (int i = 0; i < KEYS; i++) {
			this.keys[i] = namespace.prefix() + "k" + i;
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.subscriptions.forEach(StatefulRedisPubSubConnection::close);
		this.subscriberClient.shutdown();
		this.connectionFactory.destroy();
		if (this.ownServer != null) {
			this.ownServer.close();
		}
	}

	@Benchmark
	public void putPlain() {
		this.plain.put(nextKey(), this.value, TTL);
	}

	@Benchmark
	public void putAnnounced() {
		this.announcing.put(nextKey(), this.value, TTL);
	}

	/**
	 * Interleaved rounds after one warm-up round; prints medians. Arguments: rounds (by
	 * default 30), subscribers (by default 2).
	 */
	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 30;
		AnnouncedPutBenchmark state = new AnnouncedPutBenchmark();
		state.subscribers = (args.length > 1) ? Integer.parseInt(args[1]) : 2;
		state.setUp();
		try {
			Map<String, Runnable> operations = Map.of("plain", state::putPlain, "announced", state::putAnnounced);
			Map<String, List<Double>> micros = new TreeMap<>();
			List<Double> ratios = new ArrayList<>();
			List<String> order = new ArrayList<>(operations.keySet());
			Random shuffle = new Random(7);
			for (int round = 0; round <= rounds; round++) {
				Collections.shuffle(order, shuffle);
				Map<String, Double> slice = new TreeMap<>();
				order.forEach((name) -> slice.put(name, 1e6 / Interleaved.slice(operations.get(name))));
				if (round > 0) {
					slice.forEach((name, value) -> micros.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value));
					ratios.add(slice.get("announced") / slice.get("plain"));
				}
			}
			System.out.printf(Locale.ROOT, "Interleaved: %d rounds of 200 ms slices, %d subscribers%n", rounds,
					state.subscribers);
			micros.forEach((name, values) -> System.out.printf(Locale.ROOT, "put %s: median %.1f us%n", name,
					median(values)));
			System.out.printf(Locale.ROOT, "announced / plain: median %.2f%n", median(ratios));
		}
		finally {
			state.tearDown();
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	private String nextKey() {
		this.next = (this.next + 1) % KEYS;
		return this.keys[this.next];
	}

}
