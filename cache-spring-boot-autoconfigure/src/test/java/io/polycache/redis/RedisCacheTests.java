package io.polycache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.core.CacheSettings;
import io.polycache.core.ExtendedCache;
import io.polycache.internal.KeyEncoder;
import io.polycache.internal.AssembledCache;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.Leases;
import io.polycache.testfixtures.AbstractHostilePayloadTests;
import io.polycache.testfixtures.AbstractStoreCacheTests;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The shared cache contract on a real redis-server, plus what only redis promises. TTLs are
 * the server's, so the contract's clock-driven tests are replaced by the same assertions
 * in real time: short TTLs, and polling that checks no read after the expiry ever hits.
 */
class RedisCacheTests extends AbstractStoreCacheTests {

	private static LoopbackServer server;

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void startServer() {
		server = RedisServers.standalone();
		connectionFactory = RedisServers.connectionFactory(server, Duration.ofSeconds(2));
	}

	@AfterAll
	static void stopServer() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void emptyServer() {
		onServer(connection -> {
			connection.serverCommands().flushAll();
			connection.serverCommands().resetConfigStats();
		});
	}

	@Override
	protected BackendProvider provider() {
		return new RedisProvider(new StaticListableBeanFactory(Map.of("redis", connectionFactory))
			.getBeanProvider(RedisConnectionFactory.class));
	}

	// The contract's clock-driven tests, in server time.

	@Override
	@Test
	protected void entryExpiresAfterConfiguredTtl() {
		AssembledCache expiring = createCache(CacheSettings.builder("expiring").ttl(Duration.ofMillis(300)).build());
		long putStarted = System.nanoTime();
		expiring.put("k", "v");
		long putEnded = System.nanoTime();
		assertThat(pttl("expiring:k2:1:k")).isBetween(1L, 300L);
		assertExpires(() -> "v".equals(expiring.get("k", String.class)), Duration.ofMillis(300), putStarted, putEnded);
	}

	@Override
	@Test
	protected void perEntryTtlOverridesConfiguredTtl() {
		AssembledCache expiring = createCache(CacheSettings.builder("expiring").ttl(Duration.ofDays(1)).build());
		long putStarted = System.nanoTime();
		expiring.put("short", "v", Duration.ofMillis(50));
		long putEnded = System.nanoTime();
		expiring.put("forever", "v", Duration.ZERO);
		assertExpires(() -> expiring.get("short") != null, Duration.ofMillis(50), putStarted, putEnded);
		assertThat(expiring.get("forever")).isNotNull();
		assertThat(pttl("expiring:k2:1:forever")).as("no TTL on the key").isEqualTo(-1);
	}

	@Override
	@Test
	protected void addStoresOnlyWhenAbsentOrExpired() {
		long addStarted = System.nanoTime();
		assertThat(this.cache.add("k", "first", Duration.ofMillis(200))).isTrue();
		long addEnded = System.nanoTime();
		assertThat(this.cache.add("k", "second", Duration.ofMillis(200))).isFalse();
		assertExpires(() -> this.cache.get("k") != null, Duration.ofMillis(200), addStarted, addEnded);
		assertThat(this.cache.add("k", "third", Duration.ZERO)).isTrue();
		assertThat(this.cache.get("k", String.class)).isEqualTo("third");
		assertThat(pttl("test:k2:1:k")).isEqualTo(-1);
	}

	@Override
	@Test
	protected void containsIsNotAReadAndSeesExpiry() {
		long putStarted = System.nanoTime();
		this.cache.put("k", "v", Duration.ofMillis(200));
		long putEnded = System.nanoTime();
		assertThat(this.cache.contains("k")).isTrue();
		assertThat(this.cache.contains("other")).isFalse();
		assertThat(this.cache.statistics().requests()).isZero();
		assertExpires(() -> this.cache.contains("k"), Duration.ofMillis(200), putStarted, putEnded);
		assertThat(this.cache.statistics().requests()).isZero();
	}

	@Override
	@Test
	protected void counterKeepsItsExpiry() {
		AssembledCache expiring = createCache(CacheSettings.builder("counters").ttl(Duration.ofMillis(600)).build());
		long createStarted = System.nanoTime();
		expiring.increment("c", 1);
		long createEnded = System.nanoTime();
		sleep(200);
		// Timed from the end of the first increment: the server set the TTL before then, so at
		// least this long has passed on it (timed from the start, a slow first call broke the bound).
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createEnded);
		assertThat(expiring.increment("c", 1)).isEqualTo(2);
		assertThat(pttl("counters:k2:1:c")).as("the second increment keeps the first one's TTL")
			.isBetween(1L, 600L - elapsedMillis);
		assertExpires(() -> expiring.get("c") != null, Duration.ofMillis(600), createStarted, createEnded);
		assertThat(expiring.increment("c", 1)).isEqualTo(1);
		assertThat(pttl("counters:k2:1:c")).isBetween(400L, 600L);
	}

	@Override
	@Test
	protected void touchGivesALiveEntryANewTtlFromNow() {
		this.cache.put("k", "v", Duration.ofMillis(300));
		sleep(150);
		long touchStarted = System.nanoTime();
		assertThat(this.cache.touch("k", Duration.ofMillis(400))).isTrue();
		long touchEnded = System.nanoTime();
		assertThat(pttl("test:k2:1:k")).isBetween(300L, 400L);
		assertExpires(() -> this.cache.get("k") != null, Duration.ofMillis(400), touchStarted, touchEnded);
		assertThat(this.cache.statistics().puts()).isEqualTo(1);
	}

	@Override
	@Test
	protected void touchCanShortenTheTtlOrRemoveIt() {
		this.cache.put("short", "v", Duration.ZERO);
		this.cache.put("forever", "v", Duration.ofMillis(200));
		long touchStarted = System.nanoTime();
		assertThat(this.cache.touch("short", Duration.ofMillis(100))).isTrue();
		long touchEnded = System.nanoTime();
		assertThat(this.cache.touch("forever", Duration.ZERO)).isTrue();
		assertThat(pttl("test:k2:1:forever")).isEqualTo(-1);
		assertExpires(() -> this.cache.get("short") != null, Duration.ofMillis(100), touchStarted, touchEnded);
		assertThat(this.cache.get("forever", String.class)).isEqualTo("v");
		assertThat(this.cache.timeToLive("forever")).contains(ExtendedCache.NEVER_EXPIRES);
	}

	@Override
	@Test
	protected void touchOfAnAbsentOrExpiredEntryChangesNothing() {
		assertThat(this.cache.touch("absent", Duration.ofSeconds(10))).isFalse();
		assertThat(this.cache.touch("absent", Duration.ZERO)).isFalse();
		assertThat(pttl("test:k2:1:absent")).isEqualTo(-2);
		this.cache.put("k", "v", Duration.ofMillis(50));
		awaitTrue(() -> this.cache.get("k") == null, Duration.ofSeconds(5));
		assertThat(this.cache.touch("k", Duration.ZERO)).isFalse();
		assertThat(this.cache.get("k")).isNull();
	}

	@Override
	@Test
	protected void timeToLiveTellsWhatIsLeft() {
		this.cache.put("k", "v", Duration.ofSeconds(10));
		this.cache.put("forever", "v", Duration.ZERO);
		assertThat(this.cache.timeToLive("k")).hasValueSatisfying(
				(left) -> assertThat(left).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10)));
		assertThat(this.cache.timeToLive("forever")).contains(ExtendedCache.NEVER_EXPIRES);
		assertThat(this.cache.timeToLive("absent")).isEmpty();
		this.cache.put("short", "v", Duration.ofMillis(50));
		awaitTrue(() -> this.cache.timeToLive("short").isEmpty(), Duration.ofSeconds(5));
		assertThat(this.cache.statistics().requests()).isZero();
	}

	@Override
	@Test
	protected void evictByPrefixCountsLiveEntriesOnly() {
		this.cache.put("p1", 1, Duration.ofMillis(50));
		this.cache.put("p2", 2);
		awaitTrue(() -> pttl("test:k2:1:p1") == -2, Duration.ofSeconds(5));
		assertThat(this.cache.evictByPrefix("p")).isEqualTo(1);
		assertThat(this.cache.get("p2")).isNull();
	}

	/** The server, not Polycache, reclaims expired keys: there is nothing to sweep. */
	@Override
	@Test
	protected void removeExpiredReclaimsAndCounts() {
		this.cache.put("a", 1, Duration.ofMillis(50));
		this.cache.put("b", 2, Duration.ofSeconds(30));
		// DBSIZE counts keys without expiring them on access: only the server's own expiry cycle shrinks it.
		awaitTrue(() -> withConnection(connection -> connection.serverCommands().dbSize()) == 1, Duration.ofSeconds(5));
		assertThat(this.cache.removeExpired()).isZero();
		assertThat(this.cache.get("b")).isNotNull();
	}

	// What only redis promises.

	@Test
	void keysAreNamespacedByPrefixCacheAndVersion() {
		AssembledCache sessions = createCache(CacheSettings.builder("sessions").keyPrefix("shop:").version(3).build());
		sessions.put("user-1", "v");
		assertThat(keys()).containsExactly("shop:sessions:k2:3:user-1");
		AssembledCache nextVersion = createCache(CacheSettings.builder("sessions").keyPrefix("shop:").version(4).build());
		assertThat(nextVersion.get("user-1")).as("a new version orphans the old data").isNull();
	}

	@Test
	void entriesWrittenUnderTheOldKeyFormatAreNeverRead() {
		this.cache.put("k", "written by the old format");
		byte[] value = withConnection(connection -> connection.stringCommands().get(RedisStore.bytes("test:k2:1:k")));
		// Before the key format had a version, 42L and "42" were both stored as test:1:42.
		withConnection(connection -> connection.stringCommands().set(RedisStore.bytes("test:1:42"), value));
		assertThat(this.cache.get(42L)).isNull();
		assertThat(this.cache.get("42")).isNull();
		assertThat(this.cache.get("k", String.class)).isEqualTo("written by the old format");
	}

	@Test
	void keyWithoutStableStringFormIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put(new Object(), "v"))
			.withMessageContaining("no stable string form");
	}

	@Test
	void ttlHasMillisecondPrecisionAndZeroMeansNoTtl() {
		this.cache.put("precise", "v", Duration.ofMillis(1_234));
		this.cache.put("forever", "v", Duration.ZERO);
		this.cache.put("forever-too", "v");
		assertThat(pttl("test:k2:1:precise")).isBetween(1_134L, 1_234L);
		assertThat(pttl("test:k2:1:forever")).isEqualTo(-1);
		assertThat(pttl("test:k2:1:forever-too")).isEqualTo(-1);
	}

	@Test
	void putIfAbsentIsOneCommand() {
		this.cache.putIfAbsent("k", "first");
		this.cache.putIfAbsent("k", "second");
		assertThat(commandCalls()).containsOnlyKeys("set").containsEntry("set", 2L);
	}

	@Test
	void addIsAtomicUnderContention() throws Exception {
		int threads = 8;
		for (int round = 0; round < 20; round++) {
			String key = "contended-" + round;
			List<Boolean> results = concurrently(threads, i -> this.cache.add(key, "v" + i, Duration.ofSeconds(30)));
			assertThat(results).filteredOn(Boolean::booleanValue).hasSize(1);
		}
	}

	@Test
	void bulkGetIsOneRoundTrip() {
		this.cache.putAll(Map.of("a", 1, "b", 2, "c", 3));
		onServer(connection -> connection.serverCommands().resetConfigStats());
		assertThat(this.cache.getAll(List.of("a", "b", "c", "missing"))).containsOnlyKeys("a", "b", "c");
		assertThat(commandCalls()).containsOnlyKeys("mget").containsEntry("mget", 1L);
	}

	@Test
	void bulkPutIsPipelinedWithTheTtl() {
		AssembledCache expiring = createCache(CacheSettings.builder("bulk").ttl(Duration.ofSeconds(5)).build());
		Map<String, Integer> entries = new LinkedHashMap<>();
		IntStream.range(0, 500).forEach(i -> entries.put("k" + i, i));
		expiring.putAll(entries);
		// Spring Data Redis pipelines on a connection of its own: HELLO is that connection's handshake.
		assertThat(commandCalls()).containsEntry("set", 500L).containsOnlyKeys("set", "hello");
		assertThat(expiring.getAll(entries.keySet())).isEqualTo(entries);
		assertThat(pttl("bulk:k2:1:k0")).isBetween(1L, 5_000L);
		assertThat(pttl("bulk:k2:1:k499")).isBetween(1L, 5_000L);
	}

	@Test
	void clearScansAndUnlinksOnlyItsOwnKeysNeverWithKeys() {
		AssembledCache big = createCache(CacheSettings.builder("c*").build());
		AssembledCache neighbour = createCache(CacheSettings.builder("cx").build());
		Map<String, Integer> entries = new LinkedHashMap<>();
		IntStream.range(0, 2_500).forEach(i -> entries.put("k" + i, i));
		big.putAll(entries);
		neighbour.put("k1", "kept");
		this.cache.put("k1", "kept too");
		big.clear();
		assertThat(big.getAll(entries.keySet())).isEmpty();
		assertThat(neighbour.get("k1", String.class)).isEqualTo("kept");
		assertThat(this.cache.get("k1", String.class)).isEqualTo("kept too");
		Map<String, Long> calls = commandCalls();
		assertThat(calls).doesNotContainKey("keys").containsKey("scan").containsKey("unlink");
		assertThat(calls.get("unlink")).as("UNLINK in batches of 1000").isGreaterThanOrEqualTo(3);
	}

	@Test
	void touchAndTimeToLiveAreOneCommandEachAndNeverRewriteTheValue() {
		this.cache.put("k", "v");
		onServer(connection -> connection.serverCommands().resetConfigStats());
		assertThat(this.cache.touch("k", Duration.ofSeconds(30))).isTrue();
		assertThat(commandCalls()).containsOnlyKeys("pexpire").containsEntry("pexpire", 1L);
		onServer(connection -> connection.serverCommands().resetConfigStats());
		assertThat(this.cache.timeToLive("k")).isPresent();
		assertThat(commandCalls()).containsOnlyKeys("pttl");
		onServer(connection -> connection.serverCommands().resetConfigStats());
		assertThat(this.cache.touch("k", Duration.ZERO)).isTrue();
		assertThat(commandCalls()).containsEntry("persist", 1L).doesNotContainKeys("set", "get", "publish");
		assertThat(pttl("test:k2:1:k")).isEqualTo(-1);
	}

	@Test
	void evictByPrefixScansAnEscapedPatternInBatchesNeverWithKeys() {
		AssembledCache big = createCache(CacheSettings.builder("c*").build());
		AssembledCache neighbour = createCache(CacheSettings.builder("cx").build());
		Map<String, Integer> entries = new LinkedHashMap<>();
		IntStream.range(0, 2_500).forEach(i -> entries.put("p*" + i, i));
		big.putAll(entries);
		big.put("pq", "kept: no p* prefix");
		neighbour.put("p*1", "kept");
		this.cache.put("p*1", "kept too");
		Leases leases = RedisStores.leases(KeyNamespace.of(CacheSettings.defaults("c*")), connectionFactory);
		leases.store().compareAndSet(leases.keys().toStoreKey("p*1"), null, "token", Duration.ofMinutes(1));
		onServer(connection -> connection.serverCommands().resetConfigStats());
		assertThat(big.evictByPrefix("p*")).isEqualTo(2_500);
		assertThat(big.getAll(entries.keySet())).isEmpty();
		assertThat(big.get("pq", String.class)).startsWith("kept");
		assertThat(neighbour.get("p*1", String.class)).isEqualTo("kept");
		assertThat(this.cache.get("p*1", String.class)).isEqualTo("kept too");
		assertThat(leases.store().get(leases.keys().toStoreKey("p*1"))).as("the lease").isEqualTo("token");
		Map<String, Long> calls = commandCalls();
		assertThat(calls).doesNotContainKey("keys").containsKey("scan");
		assertThat(calls.get("unlink")).as("UNLINK in batches of 1000").isBetween(3L, 4L);
	}

	/** The one thing shared stores cannot match: a key kept as a hash of its form. */
	@Test
	void evictByPrefixCannotMatchAKeyStoredAsAHash() {
		String longKey = "user:" + "x".repeat(KeyEncoder.MAX_FORM_LENGTH);
		this.cache.put(longKey, "hashed");
		this.cache.put("user:1", "plain");
		assertThat(this.cache.evictByPrefix("user:")).isEqualTo(1);
		assertThat(this.cache.get(longKey, String.class)).isEqualTo("hashed");
	}

	@Test
	void newCounterGetsItsTtlAtomicallyUnderContention() throws Exception {
		AssembledCache counters = createCache(CacheSettings.builder("counters").ttl(Duration.ofSeconds(30)).build());
		for (int round = 0; round < 20; round++) {
			String key = "c" + round;
			List<Long> results = concurrently(4, i -> counters.increment(key, 1));
			assertThat(results).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
			assertThat(pttl("counters:k2:1:" + key)).isBetween(1L, 30_000L);
		}
	}

	@Test
	void countersWithoutTtlUseIncrbyAlone() {
		assertThat(this.cache.increment("c", 5)).isEqualTo(5);
		assertThat(commandCalls()).containsOnlyKeys("incrby");
		assertThat(pttl("test:k2:1:c")).isEqualTo(-1);
	}

	@Test
	void counterScriptIsReloadedAfterTheServerForgetsIt() {
		AssembledCache counters = createCache(CacheSettings.builder("counters").ttl(Duration.ofSeconds(30)).build());
		assertThat(counters.increment("c", 1)).isEqualTo(1);
		onServer(connection -> connection.scriptingCommands().scriptFlush());
		assertThat(counters.increment("c", 1)).isEqualTo(2);
	}

	@Test
	void counterOverflowIsAnArithmeticException() {
		this.cache.increment("c", Long.MAX_VALUE);
		assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> this.cache.increment("c", 1))
			.withMessageContaining("overflows");
	}

	@Test
	void sizeIsUnknown() {
		this.cache.put("k", "v");
		assertThat(this.cache.size()).isEmpty();
	}

	/**
	 * Polls until the entry is gone, checking every read against the server's rule: an entry
	 * written between {@code writeStarted} and {@code writeEnded} is live for {@code ttl}.
	 * The server counts whole milliseconds, so the edges get one millisecond either way.
	 */
	private void assertExpires(BooleanSupplier present, Duration ttl, long writeStarted, long writeEnded) {
		long ttlNanos = ttl.toNanos();
		long resolution = TimeUnit.MILLISECONDS.toNanos(1);
		long deadline = writeEnded + ttlNanos + TimeUnit.SECONDS.toNanos(5);
		while (true) {
			long readStarted = System.nanoTime();
			boolean hit = present.getAsBoolean();
			long readEnded = System.nanoTime();
			if (hit) {
				// The server set the expiry before the write returned: a hit read must have begun before it.
				assertThat(readStarted - writeEnded).as("a read hit after the TTL had passed")
					.isLessThan(ttlNanos + resolution);
			}
			else {
				assertThat(readEnded - writeStarted).as("the entry was gone before its TTL")
					.isGreaterThan(ttlNanos - resolution);
				return;
			}
			assertThat(readEnded).as("the entry did not expire").isLessThan(deadline);
			sleep(2);
		}
	}

	private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met within " + timeout).isLessThan(deadline);
			sleep(10);
		}
	}

	private static <T> List<T> concurrently(int threads, IntFunction<T> action) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int index = i;
				futures.add(executor.submit(() -> {
					start.await();
					return action.apply(index);
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(10, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	static long pttl(String key) {
		return withConnection(connection -> connection.keyCommands().pTtl(RedisStore.bytes(key)));
	}

	private static List<String> keys() {
		return withConnection(connection -> connection.keyCommands()
			.keys(RedisStore.bytes("*"))
			.stream()
			.map(String::new)
			.sorted()
			.toList());
	}

	/** Calls per command since the last reset, from {@code INFO commandstats}, without this query's own. */
	static Map<String, Long> commandCalls() {
		Properties stats = withConnection(connection -> connection.serverCommands().info("commandstats"));
		Map<String, Long> calls = new TreeMap<>();
		stats.forEach((name, value) -> {
			String command = name.toString().replace("cmdstat_", "");
			long count = Long.parseLong(value.toString().replaceAll("^calls=(\\d+),.*$", "$1"));
			calls.put(command, count);
		});
		calls.remove("info");
		calls.remove("config|resetstat");
		return calls;
	}

	private static <T> T withConnection(Function<RedisConnection, T> action) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			return action.apply(connection);
		}
	}

	static void onServer(Consumer<RedisConnection> action) {
		withConnection(connection -> {
			action.accept(connection);
			return null;
		});
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Hostile bytes planted in the same real redis-server. */
	@Nested
	class Hostile extends AbstractHostilePayloadTests {

		@Override
		protected BackendProvider provider() {
			return RedisCacheTests.this.provider();
		}

	}

	/** The lease contract on this server. */
	@Nested
	class LeaseContract extends AbstractRedisLeaseStoreTests {

		@Override
		RedisConnectionFactory factory() {
			return connectionFactory;
		}

		@Test
		void aLeaseIsOneStringWithTheServersMillisecondTtl() {
			Leases leases = leases("ttl");
			String key = leases.keys().toStoreKey("k");
			assertThat(key).isEqualTo("ttl:lease:k2:1:k");
			assertThat(leases.store().compareAndSet(key, null, "token", Duration.ofMillis(4_500))).isTrue();
			assertThat(RedisServers.cli(server, "type", key).strip()).isEqualTo("string");
			assertThat(Long.parseLong(RedisServers.cli(server, "pttl", key).strip())).isBetween(1L, 4_500L);
			assertThat(leases.store().compareAndSet(key, "token", "failed", Duration.ofMillis(900))).isTrue();
			assertThat(Long.parseLong(RedisServers.cli(server, "pttl", key).strip())).isBetween(1L, 900L);
		}

	}

}
