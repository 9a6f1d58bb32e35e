package io.polycache.memcached;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.polycache.core.CacheSettings;
import io.polycache.core.ExtendedCache;
import io.polycache.internal.ClassAllowList;
import io.polycache.internal.FailOpenStore;
import io.polycache.internal.JdkValueSerializer;
import io.polycache.internal.StoreCache;
import io.polycache.spi.CacheStore;
import io.polycache.spi.KeyMapper;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.ValueCodec;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testsupport.LoopbackServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** What only the memcached store promises, against a real server. */
@ExtendWith(OutputCaptureExtension.class)
class MemcachedStoreTests {

	@RegisterExtension
	static final MemcachedServerExtension memcached = new MemcachedServerExtension();

	private final ValueCodec<byte[]> codec = ValueCodec.serializing(new JdkValueSerializer(ClassAllowList.of(List.of())));

	@ParameterizedTest
	@ValueSource(strings = { "plain-key", "with spaces", "tab\tand\r\nnewline", "nul\u0000bell\u0007", "ключ",
			"日本語の鍵", "emoji \uD83D\uDE00", "#marker", "" })
	void keysOfEveryKindRoundTrip(String key) {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("keys"));
		cache.put(key, "value of " + key);
		assertThat(cache.get(key, String.class)).isEqualTo("value of " + key);
		assertThat(rawGet(serverKey(cache, key))).isNotNull();
	}

	@Test
	void longKeysRoundTripAndStayDistinct() {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("keys"));
		String longKey = "k".repeat(1_000);
		cache.put(longKey, 1);
		cache.put(longKey + "x", 2);
		assertThat(cache.get(longKey, Integer.class)).isEqualTo(1);
		assertThat(cache.get(longKey + "x", Integer.class)).isEqualTo(2);
		assertThat(serverKey(cache, longKey)).hasSizeLessThanOrEqualTo(MemcachedKeys.MAX_KEY_BYTES);
	}

	@Test
	void hashedKeyNeverCollidesWithAPlainKey() {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("keys"));
		String spaced = "a key with spaces";
		String lookalike = MemcachedKeys.hashed(spaced);
		cache.put(spaced, "spaced");
		cache.put(lookalike, "lookalike");
		assertThat(cache.get(spaced, String.class)).isEqualTo("spaced");
		assertThat(cache.get(lookalike, String.class)).isEqualTo("lookalike");
		assertThat(serverKey(cache, lookalike)).isNotEqualTo(serverKey(cache, spaced));
	}

	@Test
	void bulkGetFindsEveryKindOfKey() {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("bulk"));
		cache.putAll(Map.of("plain", 1, "with space", 2, "ключ", 3));
		assertThat(cache.getAll(List.of("plain", "with space", "ключ", "missing"))).containsOnlyKeys("plain",
				"with space", "ключ");
	}

	@Test
	void keyWithoutStableStringFormIsRejected() {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("keys"));
		assertThatIllegalArgumentException().isThrownBy(() -> cache.put(new Object(), 1))
			.withMessageContaining("no stable string form");
	}

	@Test
	void ttlBeyondThirtyDaysIsSentAsAbsoluteTime() throws Exception {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("long"));
		cache.put("month", "v", Duration.ofDays(31));
		cache.put("week", "v", Duration.ofDays(7));
		// Sent as relative seconds, 31 days would be a time in January 1970: expired at once.
		assertThat(cache.get("month", String.class)).isEqualTo("v");
		assertThat(remainingSeconds(serverKey(cache, "month"))).isCloseTo(Duration.ofDays(31).toSeconds(),
				within(5L));
		assertThat(remainingSeconds(serverKey(cache, "week"))).isCloseTo(Duration.ofDays(7).toSeconds(),
				within(5L));
	}

	@Test
	void clearLeavesOtherCachesIntact() {
		StoreCache<String, byte[]> quotes = cache(CacheSettings.defaults("quotes"));
		StoreCache<String, byte[]> rates = cache(CacheSettings.defaults("rates"));
		StoreCache<String, byte[]> otherApp = cache(CacheSettings.builder("quotes").keyPrefix("other-app:").build());
		quotes.put("k", 1);
		rates.put("k", 2);
		otherApp.put("k", 3);
		String before = serverKey(quotes, "k");
		quotes.clear();
		assertThat(quotes.get("k")).isNull();
		assertThat(rates.get("k", Integer.class)).isEqualTo(2);
		assertThat(otherApp.get("k", Integer.class)).isEqualTo(3);
		assertThat(serverKey(quotes, "k")).isNotEqualTo(before);
		quotes.put("k", 4);
		assertThat(quotes.get("k", Integer.class)).isEqualTo(4);
	}

	@Test
	void clearByAnotherInstanceTakesEffectWithinTheCheckInterval() throws Exception {
		CacheSettings settings = CacheSettings.defaults("shared");
		StoreCache<String, byte[]> here = cache(settings, Duration.ofMillis(200));
		StoreCache<String, byte[]> there = cache(settings, Duration.ofMillis(200));
		here.put("k", "v");
		assertThat(there.get("k", String.class)).isEqualTo("v");
		there.clear();
		assertThat(there.get("k")).isNull();
		Thread.sleep(300);
		assertThat(here.get("k")).isNull();
	}

	@Test
	void valueOverTheItemSizeLimitIsRefusedWithOneWarningUnderFailOpen(CapturedOutput output) {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("big"));
		byte[] large = new byte[2 * 1024 * 1024];
		for (int i = 0; i < 20; i++) {
			cache.put("big-" + i, large);
		}
		assertThat(cache.get("big-0")).isNull();
		assertThat(Pattern.compile("exceeds the item size limit").matcher(output.getAll()).results().count())
			.isEqualTo(1);
		cache.put("fits", new byte[512 * 1024]);
		assertThat(cache.get("fits", byte[].class)).hasSize(512 * 1024);
	}

	@Test
	void valueOverTheItemSizeLimitIsAnErrorWithoutFailOpen() {
		StoreCache<String, byte[]> cache = cache(CacheSettings.builder("big").failOpen(false).build());
		assertThatIllegalArgumentException().isThrownBy(() -> cache.put("big", new byte[2 * 1024 * 1024]))
			.withMessageContaining("item size limit of 1048576 bytes")
			.withMessageContaining("cache.memcached.max-item-size");
	}

	/** The item carries its own expiry, which hides it at millisecond resolution: a touch moves both. */
	@Test
	void touchMovesTheItemsOwnExpiryAndTheServersTogether() throws Exception {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("touched"));
		cache.put("k", "v", Duration.ofMinutes(10));
		assertThat(cache.touch("k", Duration.ofDays(40))).isTrue();
		assertThat(remainingSeconds(serverKey(cache, "k"))).isCloseTo(Duration.ofDays(40).toSeconds(), within(5L));
		assertThat(cache.timeToLive("k").orElseThrow().toSeconds()).isCloseTo(Duration.ofDays(40).toSeconds(),
				within(5L));
		assertThat(cache.touch("k", Duration.ZERO)).isTrue();
		assertThat(remainingSeconds(serverKey(cache, "k"))).isEqualTo(-1);
		assertThat(cache.timeToLive("k")).contains(ExtendedCache.NEVER_EXPIRES);
		assertThat(cache.get("k", String.class)).isEqualTo("v");

		cache.increment("c", 7);
		assertThat(cache.touch("c", Duration.ofHours(1))).isTrue();
		assertThat(remainingSeconds(serverKey(cache, "c"))).isCloseTo(3_600L, within(5L));
		assertThat(cache.timeToLive("c").orElseThrow().toSeconds()).isCloseTo(3_600L, within(5L));
		assertThat(cache.increment("c", 1)).as("still memcached's own counter").isEqualTo(8);
		assertThat(memcached.client().nativeClient().incr(serverKey(cache, "c"), 2)).isEqualTo(10);
		assertThat(cache.timeToLive("c").orElseThrow().toSeconds()).as("incr keeps the flags").isCloseTo(3_600L,
				within(5L));
	}

	@Test
	void touchOfAnItemWrittenByAnotherProgramLeavesItsBytes() throws Exception {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("foreign"));
		String serverKey = serverKey(cache, "k");
		memcached.client().nativeClient().set(serverKey, 0, "not ours");
		assertThat(cache.timeToLive("k")).as("bytes that carry no expiry of ours").isEmpty();
		assertThat(cache.touch("k", Duration.ofMinutes(1))).isTrue();
		assertThat(remainingSeconds(serverKey)).isCloseTo(60L, within(5L));
	}

	@Test
	void evictByPrefixIsRefusedSayingWhy() {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("prefixed"));
		cache.put("user:1", "v");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> cache.evictByPrefix("user:"))
			.withMessageContaining("memcached, which cannot list the keys it holds");
		assertThat(cache.get("user:1", String.class)).isEqualTo("v");
	}

	@Test
	void countersAreMemcachedsOwn() throws Exception {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("counters"));
		assertThat(cache.increment("c", 5)).isEqualTo(5);
		assertThat(memcached.client().nativeClient().incr(serverKey(cache, "c"), 10)).isEqualTo(15);
		assertThat(cache.get("c", Long.class)).isEqualTo(15L);
		assertThat(cache.decrement("c", 6)).isEqualTo(9);
		assertThat(cache.get("c", Long.class)).isEqualTo(9L);
	}

	@Test
	void decrementStopsAtZero() {
		StoreCache<String, byte[]> cache = cache(CacheSettings.defaults("counters"));
		cache.increment("c", 3);
		assertThat(cache.decrement("c", 10)).isZero();
		assertThat(cache.decrement("missing", 4)).isZero();
		assertThat(cache.increment("c", 2)).isEqualTo(2);
	}

	@Test
	void missingCounterIsCreatedOnceUnderContention() throws Exception {
		CacheSettings settings = CacheSettings.defaults("contended");
		List<StoreCache<String, byte[]>> instances = List.of(cache(settings), cache(settings), cache(settings), cache(settings));
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				StoreCache<String, byte[]> instance = instances.get(thread % instances.size());
				done.add(executor.submit(() -> {
					for (int i = 0; i < 50; i++) {
						instance.increment("hits", 1);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(instances.get(0).get("hits", Long.class)).isEqualTo(400L);
	}

	/**
	 * A counter evicted between the store's read and its {@code incr} is created again
	 * with the cache's TTL: a rate-limit window still ends.
	 */
	@Test
	void counterEvictedBetweenReadAndIncrementComesBackWithItsExpiry() throws Exception {
		MutableClock clock = new MutableClock(System.currentTimeMillis());
		CacheSettings settings = CacheSettings.builder("window").ttl(Duration.ofSeconds(60)).build();
		AtomicBoolean evicted = new AtomicBoolean();
		MemcachedKeys keys = new MemcachedKeys(KeyNamespace.of(settings));
		MemcachedStore store = new MemcachedStore(memcached.client(), settings.name(), keys, Duration.ofSeconds(1),
				clock, (operation, serverKey) -> {
					if (operation.equals("incr") && evicted.compareAndSet(false, true)) {
						assertThat(rawDelete(serverKey)).isTrue();
					}
				});
		StoreCache<String, byte[]> cache = StoreCache
			.builder(settings, new OpenedStore<>(store, KeyMapper.prefixed(""), this.codec))
			.clock(clock)
			.build();
		assertThat(cache.increment("c", 1)).isEqualTo(1);
		assertThat(cache.increment("c", 2)).as("created again from this increment").isEqualTo(2);
		assertThat(evicted).isTrue();
		assertThat(remainingSeconds(serverKey(cache, "c"))).as("the server expires it").isBetween(55L, 62L);
		clock.advance(Duration.ofSeconds(60));
		assertThat(cache.get("c")).as("and so does its own expiry").isNull();
		assertThat(cache.increment("c", 1)).isEqualTo(1);
	}

	/**
	 * Two instances race for the last room below {@code Long.MAX_VALUE}: every increment
	 * either lands whole or fails with nothing changed, and the counter never passes the
	 * limit.
	 */
	@Test
	void incrementsNearTheLimitNeverPassItAcrossInstances() throws Exception {
		CacheSettings settings = CacheSettings.defaults("limit");
		try (MemcachedClients clients = new MemcachedClients()) {
			SharedMemcachedClient other = clients.client("other", MemcachedTestServers.settings(memcached.server()));
			List<StoreCache<String, byte[]>> instances = List.of(cache(settings),
					StoreCache.builder(settings, new OpenedStore<>(MemcachedStores.create(settings.name(),
							KeyNamespace.of(settings), other, Duration.ofSeconds(1), Clock.systemUTC()),
							KeyMapper.prefixed(""), this.codec)).build());
			long start = Long.MAX_VALUE - 1_000;
			assertThat(instances.get(0).increment("c", start)).isEqualTo(start);
			List<Long> results = Collections.synchronizedList(new ArrayList<>());
			ExecutorService executor = Executors.newFixedThreadPool(4);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int thread = 0; thread < 4; thread++) {
					StoreCache<String, byte[]> instance = instances.get(thread % 2);
					done.add(executor.submit(() -> {
						try {
							while (true) {
								results.add(instance.increment("c", 7));
							}
						}
						catch (ArithmeticException full) {
							// No room left for 7 more: the expected end.
						}
					}));
				}
				for (Future<?> future : done) {
					future.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				executor.shutdownNow();
			}
			long end = instances.get(1).get("c", Long.class);
			assertThat(results).doesNotHaveDuplicates().allSatisfy(result -> assertThat(result).isBetween(start, end));
			assertThat(end).isEqualTo(start + 7L * results.size()).isGreaterThan(Long.MAX_VALUE - 7);
		}
	}

	private static boolean rawDelete(String serverKey) {
		try {
			return memcached.client().nativeClient().delete(serverKey, 1_000);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private StoreCache<String, byte[]> cache(CacheSettings settings) {
		return cache(settings, Duration.ofSeconds(1));
	}

	private StoreCache<String, byte[]> cache(CacheSettings settings, Duration generationCheckInterval) {
		CacheStore<String, byte[]> store = MemcachedStores.create(settings.name(), KeyNamespace.of(settings),
				memcached.client(), generationCheckInterval, Clock.systemUTC());
		if (settings.failOpen()) {
			store = new FailOpenStore<>(settings.name(), store);
		}
		return StoreCache.builder(settings, new OpenedStore<>(store, KeyMapper.prefixed(""), this.codec)).build();
	}

	static String serverKey(StoreCache<String, byte[]> cache, Object key) {
		CacheStore<String, byte[]> store = cache.getNativeCache();
		if (store instanceof FailOpenStore<String, byte[]> failOpen) {
			store = failOpen.delegate();
		}
		return ((MemcachedStore) store).serverKey(KeyMapper.prefixed("").toStoreKey(key));
	}

	private static Object rawGet(String serverKey) {
		try {
			return memcached.client().nativeClient().get(serverKey, 1_000, ItemTranscoder.INSTANCE);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The seconds the server will keep the item, from memcached's meta-get command. */
	private static long remainingSeconds(String serverKey) throws Exception {
		try (Socket socket = new Socket(LoopbackServer.HOST, memcached.server().port())) {
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			out.write(("mg " + serverKey + " t\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			Matcher ttl = Pattern.compile("^HD t(-?\\d+)").matcher(reply);
			assertThat(ttl.find()).as("meta-get reply %s", reply).isTrue();
			return Long.parseLong(ttl.group(1));
		}
	}

}
