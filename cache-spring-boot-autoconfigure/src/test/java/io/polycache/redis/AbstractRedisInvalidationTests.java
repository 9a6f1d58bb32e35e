package io.polycache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.core.CacheSettings;
import io.polycache.core.NearSettings;
import io.polycache.spi.CacheStore;
import io.polycache.spi.InvalidationChannel;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.OpenedStore;
import io.polycache.testfixtures.TestAssembly;

import static io.polycache.redis.RecordingInvalidationListener.ALL;
import static io.polycache.redis.RecordingInvalidationListener.CONNECTED;
import static io.polycache.redis.RecordingInvalidationListener.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one redis cache with a near tier, each on its own connection factory: A
 * writes through its store in announcing mode, B listens on the cache's invalidation
 * channel. Every kind of write reaches B, a lost pub/sub connection is heard at once and
 * its resubscription too, and hostile messages on the channel are ignored.
 */
abstract class AbstractRedisInvalidationTests {

	/** How long an announcement may take to arrive: generous, loopback takes well under 1 ms. */
	static final Duration BOUND = Duration.ofSeconds(1);

	/** How long a reconnection may take: Lettuce's reconnect delay grows while redis is down. */
	static final Duration RECONNECT = Duration.ofSeconds(15);

	private static final byte[] VALUE = "v".getBytes(StandardCharsets.UTF_8);

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final List<InvalidationChannel.Subscription> subscriptions = new ArrayList<>();

	protected CacheSettings settings;

	protected String prefix;

	protected CacheStore<String, byte[]> storeA;

	protected LettuceConnectionFactory factoryA;

	protected RecordingInvalidationListener heardOnB;

	/** A new, started connection factory: one per instance. */
	protected abstract LettuceConnectionFactory connectionFactory();

	/** {@code CLIENT KILL TYPE type} on every server. */
	protected abstract void killClients(String type);

	@BeforeEach
	void twoInstances() throws InterruptedException {
		this.settings = nearCache("products-" + UUID.randomUUID());
		this.prefix = KeyNamespace.of(this.settings).prefix();
		this.factoryA = newFactory();
		this.storeA = open(new RedisProvider(beans(this.factoryA)), this.settings).store();
		this.heardOnB = subscribe(open(new RedisProvider(beans(newFactory())), this.settings));
		assertThat(this.heardOnB.next(RECONNECT).name()).as("the first connection of a cold JVM may be slow")
			.isEqualTo(CONNECTED);
	}

	@AfterEach
	void closeInstances() {
		this.subscriptions.forEach(InvalidationChannel.Subscription::close);
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void everyKindOfWriteReachesTheOtherInstance() throws InterruptedException {
		this.storeA.put(key("p1"), VALUE, Duration.ofMinutes(1));
		assertThat(this.heardOnB.next(1, BOUND)).containsExactly(key("p1"));
		this.storeA.put(key("p2"), VALUE, Duration.ZERO);
		this.storeA.put(key(""), VALUE, Duration.ZERO);
		// On a cluster two writes may land on two masters, whose messages reach B by different ways.
		assertThat(this.heardOnB.next(2, BOUND)).as("a key that is the prefix alone too")
			.containsExactlyInAnyOrder(key("p2"), key(""));

		assertThat(this.storeA.putIfAbsent(key("p3"), VALUE, Duration.ZERO)).isNull();
		assertThat(this.storeA.putIfAbsent(key("p3"), VALUE, Duration.ofMinutes(1))).as("kept, not announced")
			.isEqualTo(VALUE);
		assertThat(this.storeA.remove(key("p3"))).isTrue();
		assertThat(this.heardOnB.next(2, BOUND)).containsExactly(key("p3"), key("p3"));

		Map<String, byte[]> bulk = new LinkedHashMap<>();
		IntStream.range(0, 200).forEach(i -> bulk.put(key("b" + i), VALUE));
		this.storeA.putAll(bulk, Duration.ofMinutes(1));
		assertThat(this.heardOnB.next(200, BOUND)).containsExactlyInAnyOrderElementsOf(bulk.keySet());
		assertThat(this.storeA.getAll(bulk.keySet())).hasSize(200);

		List<String> removed = List.of(key("b1"), key("b150"), key("missing"));
		assertThat(this.storeA.removeAll(removed)).isEqualTo(2);
		assertThat(this.heardOnB.next(3, BOUND)).containsExactlyInAnyOrderElementsOf(removed);

		assertThat(this.storeA.increment(key("c1"), 2, Duration.ZERO)).isEqualTo(2);
		assertThat(this.storeA.increment(key("c2"), 3, Duration.ofMinutes(1))).isEqualTo(3);
		assertThat(this.heardOnB.next(2, BOUND)).containsExactlyInAnyOrder(key("c1"), key("c2"));

		this.storeA.clear();
		assertThat(this.heardOnB.skipTo(ALL, BOUND)).isNotNull();
		assertThat(this.storeA.getAll(bulk.keySet())).isEmpty();
	}

	@Test
	void anEmptyCacheClearedIsStillAnnounced() throws InterruptedException {
		this.storeA.clear();
		assertThat(this.heardOnB.next(1, BOUND)).containsExactly(ALL);
	}

	@Test
	void invalidationLatencyOverAThousandWrites() throws InterruptedException {
		int writes = 1_000;
		long[] afterReturn = new long[writes];
		long[] afterStart = new long[writes];
		for (int i = 0; i < writes; i++) {
			long started = System.nanoTime();
			this.storeA.put(key("l" + i), VALUE, Duration.ofMinutes(1));
			long returned = System.nanoTime();
			RecordingInvalidationListener.Event heard = this.heardOnB.next(BOUND);
			assertThat(heard.name()).isEqualTo(key("l" + i));
			afterReturn[i] = Math.max(0, heard.nanos() - returned);
			afterStart[i] = heard.nanos() - started;
		}
		Arrays.sort(afterReturn);
		Arrays.sort(afterStart);
		System.out.printf("%s invalidation latency over %d puts: after the put returned p50 %d us, p99 %d us, max %d us;"
				+ " from the put's start p50 %d us, p99 %d us%n", getClass().getSimpleName(), writes,
				afterReturn[writes / 2] / 1_000, afterReturn[writes * 99 / 100] / 1_000, afterReturn[writes - 1] / 1_000,
				afterStart[writes / 2] / 1_000, afterStart[writes * 99 / 100] / 1_000);
		assertThat(afterReturn[writes - 1]).isLessThan(BOUND.toNanos());
	}

	@Test
	void aKilledPubSubConnectionIsHeardAndSoIsItsResubscription() throws InterruptedException {
		killClients("pubsub");
		assertThat(this.heardOnB.next(BOUND).name()).isEqualTo(DISCONNECTED);
		// In a cluster, Lettuce may reconnect to a node whose clients are killed next: heard as often.
		List<String> after = new ArrayList<>(this.heardOnB.drainUntilQuiet(Duration.ofMillis(300))
			.stream()
			.map(RecordingInvalidationListener.Event::name)
			.toList());
		if (after.isEmpty() || after.get(after.size() - 1).equals(DISCONNECTED)) {
			after.add(this.heardOnB.next(RECONNECT).name());
		}
		for (int i = 0; i < after.size(); i++) {
			assertThat(after.get(i)).as("alternating, ending connected").isEqualTo((i % 2 == 0) ? CONNECTED : DISCONNECTED);
		}
		assertThat(after.size() % 2).isOne();
		this.storeA.put(key("after"), VALUE, Duration.ZERO);
		assertThat(this.heardOnB.next(1, BOUND)).containsExactly(key("after"));
	}

	@Test
	void killedWritingConnectionsLoseNoAnnouncement() throws InterruptedException {
		this.storeA.put(key("before"), VALUE, Duration.ZERO);
		assertThat(this.heardOnB.next(1, BOUND)).containsExactly(key("before"));
		killClients("normal");
		this.storeA.put(key("after"), VALUE, Duration.ZERO);
		assertThat(this.heardOnB.next(1, BOUND)).as("the pub/sub connection is not a normal one")
			.containsExactly(key("after"));
	}

	@Test
	void everyWriteThatReturnedAfterTheResubscriptionIsHeardWhileEveryConnectionIsKilled() throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		Map<String, Long> returned = new ConcurrentHashMap<>();
		Thread writer = new Thread(() -> {
			for (int i = 0; !stop.get(); i++) {
				long started = System.nanoTime();
				try {
					this.storeA.put(key("w" + i), VALUE, Duration.ZERO);
					returned.put(key("w" + i), started);
				}
				catch (RuntimeException unreachable) {
					// Not a returned write.
				}
			}
		});
		writer.start();
		Thread.sleep(200);
		killClients("normal");
		killClients("pubsub");
		Thread.sleep(500);
		stop.set(true);
		writer.join();
		long connectedAt = 0;
		Set<String> heard = new HashSet<>();
		for (RecordingInvalidationListener.Event event : this.heardOnB.drainUntilQuiet(Duration.ofMillis(300))) {
			connectedAt = event.name().equals(CONNECTED) ? event.nanos() : connectedAt;
			heard.add(event.name());
		}
		long resubscribed = connectedAt;
		assertThat(resubscribed).as("disconnected, then connected again").isPositive();
		assertThat(returned.entrySet().stream().filter((write) -> write.getValue() > resubscribed).map(Map.Entry::getKey))
			.as("every write started after the resubscription was heard")
			.isNotEmpty()
			.allMatch(heard::contains);
	}

	@Test
	void hostileMessagesAreIgnored() throws InterruptedException {
		byte[] channel = new InvalidationMessages(KeyNamespace.of(this.settings)).channel();
		byte[] prefix = this.prefix.getBytes(StandardCharsets.UTF_8);
		byte[] notUtf8 = Arrays.copyOf(prefix, prefix.length + 2);
		notUtf8[prefix.length] = (byte) 0xC3;
		notUtf8[prefix.length + 1] = (byte) 0x28;
		byte[] huge = Arrays.copyOf(prefix, prefix.length + 100_000);
		Arrays.fill(huge, prefix.length, huge.length, (byte) 'x');
		try (RedisConnection connection = this.factoryA.getConnection()) {
			for (byte[] message : List.of(new byte[0], new byte[] { 0, 1, (byte) 0xFF }, notUtf8,
					bytes("other:k2:1:p1"), bytes("**"), bytes(this.prefix.substring(1) + "p1"))) {
				connection.publish(channel, message);
			}
			connection.publish(channel, huge);
		}
		this.storeA.put(key("real"), VALUE, Duration.ZERO);
		assertThat(this.heardOnB.next(2, BOUND)).as("a long message with the prefix clears, the rest is ignored")
			.containsExactly(ALL, key("real"));
	}

	@Test
	void withoutANearTierWritesAreNotAnnounced() throws InterruptedException {
		OpenedStore<String, byte[]> plain = open(new RedisProvider(beans(this.factoryA)),
				this.settings.toBuilder().near(NearSettings.OFF).build());
		assertThat(plain.invalidations()).isNull();
		plain.store().put(key("unannounced"), VALUE, Duration.ZERO);
		this.storeA.put(key("announced"), VALUE, Duration.ZERO);
		assertThat(this.heardOnB.next(1, BOUND)).containsExactly(key("announced"));
		assertThat(plain.store().get(key("unannounced"))).isEqualTo(VALUE);
	}

	protected String key(String key) {
		return this.prefix + key;
	}

	protected LettuceConnectionFactory newFactory() {
		LettuceConnectionFactory factory = connectionFactory();
		this.factories.add(factory);
		return factory;
	}

	protected RecordingInvalidationListener subscribe(OpenedStore<String, byte[]> opened) {
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		assertThat(opened.invalidations()).isNotNull();
		this.subscriptions.add(opened.invalidations().subscribe(listener));
		return listener;
	}

	static CacheSettings nearCache(String name) {
		return CacheSettings.builder(name).near(TestStoreContext.NEAR).build();
	}

	static ObjectProvider<RedisConnectionFactory> beans(RedisConnectionFactory factory) {
		return new StaticListableBeanFactory(Map.of("redis", factory)).getBeanProvider(RedisConnectionFactory.class);
	}

	/** Opens the cache's store as the assembler would. */
	static OpenedStore<String, byte[]> open(RedisProvider provider, CacheSettings settings) {
		return provider.open(new TestStoreContext(settings, TestStoreContext.NO_EVENTS, TestAssembly.jdkCodec()));
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
