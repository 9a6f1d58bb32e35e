package io.polycache.testfixtures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.support.NullValue;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStatistics;
import io.polycache.core.ExtendedCache;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.CacheAssembler;
import io.polycache.internal.ExpirySweeper;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.CacheStore;
import io.polycache.spi.ValueCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every backend shares, as Spring's {@code Cache} contract and Polycache's
 * {@link ExtendedCache} API state it. Each backend's test extends this class and supplies
 * its store; what differs between backends is tested beside it.
 * <p>The tests that move {@link #clock} are {@code protected}: a backend whose TTLs are
 * counted by a server, not by this clock, overrides them with the same assertions in real
 * time.
 */
public abstract class AbstractStoreCacheTests {

	protected final MutableClock clock = new MutableClock();

	private final List<AssembledCache> created = new ArrayList<>();

	private final ExpirySweeper sweeper = TestAssembly.idleSweeper();

	protected AssembledCache cache;

	/**
	 * The backend under test, as an application declares it: its caches are assembled as
	 * the auto-configuration assembles them ({@link CacheAssembler}), fail-open and outage
	 * guard included, reading time from {@link #clock}.
	 */
	protected abstract BackendProvider provider();

	/**
	 * The application's properties for a cache with these settings, such as
	 * {@code cache.backends.test.file-system.directory}; none by default.
	 */
	protected Map<String, String> properties(CacheSettings settings) {
		return Map.of();
	}

	/** The serializer of caches whose store keeps bytes: JDK serialization of JDK types. */
	protected ValueCodec<byte[]> serializer(CacheSettings settings) {
		return TestAssembly.jdkCodec();
	}

	protected AssembledCache createCache(CacheSettings settings) {
		AssembledCache cache = TestAssembly
			.assembler(this.clock, this::serializer, properties(settings), this.sweeper, Runnable::run)
			.assemble(settings, provider());
		this.created.add(cache);
		return cache;
	}

	/** The default cache's store, for a backend whose store keeps bytes: to plant raw entries. */
	@SuppressWarnings("unchecked") // Asked only of tests of stores of bytes.
	protected CacheStore<String, byte[]> byteStore() {
		return (CacheStore<String, byte[]>) this.cache.getNativeCache();
	}

	@BeforeEach
	void createDefaultCache() {
		this.cache = createCache(CacheSettings.defaults("test"));
	}

	@AfterEach
	void closeStores() {
		this.sweeper.close();
		this.created.forEach(AssembledCache::close);
	}

	@Test
	void missReturnsNull() {
		assertThat(this.cache.get("absent")).isNull();
		assertThat(this.cache.get("absent", String.class)).isNull();
	}

	@Test
	void putThenGet() {
		this.cache.put("k", "v");
		assertThat(this.cache.get("k")).extracting(Cache.ValueWrapper::get).isEqualTo("v");
		assertThat(this.cache.get("k", String.class)).isEqualTo("v");
	}

	@Test
	void getWithWrongTypeIsAnError() {
		this.cache.put("k", "v");
		assertThatIllegalStateException().isThrownBy(() -> this.cache.get("k", Integer.class))
			.withMessageContaining("not of required type");
	}

	@Test
	void nullIsCachedAsMarker() {
		this.cache.put("k", null);
		assertThat(this.cache.get("k")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
		assertThat(this.cache.storeCache().stored("k")).isEqualTo(NullValue.INSTANCE);
	}

	@Test
	void nullIsRefusedWhenNullsAreNotCached() {
		AssembledCache strict = createCache(CacheSettings.builder("strict").cacheNullValues(false).build());
		assertThatIllegalArgumentException().isThrownBy(() -> strict.put("k", null)).withMessageContaining("'strict'");
		assertThat(strict.<Object>get("k", () -> null)).isNull();
		assertThat(strict.get("k")).isNull();
	}

	@Test
	void nullKeyIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put(null, "v"))
			.withMessageContaining("null keys");
	}

	@Test
	void putIfAbsentStoresOnlyWhenAbsent() {
		assertThat(this.cache.putIfAbsent("k", "first")).isNull();
		assertThat(this.cache.putIfAbsent("k", "second")).extracting(Cache.ValueWrapper::get).isEqualTo("first");
		assertThat(this.cache.get("k", String.class)).isEqualTo("first");
	}

	@Test
	void evictRemovesEntry() {
		this.cache.put("k", "v");
		this.cache.evict("k");
		assertThat(this.cache.get("k")).isNull();
		assertThat(this.cache.evictIfPresent("k")).isFalse();
		this.cache.put("k", "v");
		assertThat(this.cache.evictIfPresent("k")).isTrue();
	}

	@Test
	void clearAndInvalidateRemoveEverything() {
		this.cache.put("a", 1);
		this.cache.put("b", 2);
		this.cache.clear();
		assertThat(this.cache.get("a")).isNull();
		assertThat(this.cache.get("b")).isNull();
		this.cache.put("c", 3);
		this.cache.invalidate();
		assertThat(this.cache.get("c")).isNull();
	}

	@Test
	void loaderRunsOnMissOnly() {
		AtomicInteger calls = new AtomicInteger();
		assertThat(this.cache.get("k", () -> "loaded-" + calls.incrementAndGet())).isEqualTo("loaded-1");
		assertThat(this.cache.get("k", () -> "loaded-" + calls.incrementAndGet())).isEqualTo("loaded-1");
		assertThat(calls).hasValue(1);
	}

	@Test
	void loaderFailureSurfacesAsValueRetrievalException() {
		IllegalStateException failure = new IllegalStateException("database down");
		assertThatExceptionOfType(Cache.ValueRetrievalException.class)
			.isThrownBy(() -> this.cache.get("k", () -> { throw failure; }))
			.withCause(failure);
		assertThat(this.cache.get("k")).isNull();
	}

	@Test
	void concurrentLoadsOfOneKeyRunTheLoaderOnce() throws Exception {
		int threads = 16;
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch allWaiting = new CountDownLatch(threads);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(executor.submit(() -> {
					allWaiting.countDown();
					return this.cache.get("k", () -> {
						calls.incrementAndGet();
						release.await();
						return "value";
					});
				}));
			}
			assertThat(allWaiting.await(10, TimeUnit.SECONDS)).isTrue();
			release.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("value");
			}
			assertThat(calls).hasValue(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void loaderAskingForItsOwnKeyFailsInsteadOfWaitingForItself() {
		assertThatExceptionOfType(Cache.ValueRetrievalException.class)
			.isThrownBy(() -> this.cache.get("k", () -> this.cache.get("k", () -> "inner")))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("Recursive load");
	}

	@Test
	void retrieveWithoutEntryIsNull() {
		assertThat(this.cache.retrieve("k")).isNull();
	}

	@Test
	void retrieveHitIsCompletedWithWrapper() {
		this.cache.put("k", "v");
		CompletableFuture<?> future = this.cache.retrieve("k");
		assertThat(future).isCompletedWithValueMatching(
				wrapper -> "v".equals(((Cache.ValueWrapper) wrapper).get()));
	}

	@Test
	void retrieveWithLoaderCachesTheValueNotTheFuture() {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletableFuture<String> first = this.cache.retrieve("k", () -> {
			calls.incrementAndGet();
			return source;
		});
		CompletableFuture<String> second = this.cache.retrieve("k", () -> {
			calls.incrementAndGet();
			return CompletableFuture.completedFuture("other");
		});
		assertThat(first).isNotDone();
		source.complete("async");
		assertThat(first).isCompletedWithValue("async");
		assertThat(second).isCompletedWithValue("async");
		assertThat(calls).hasValue(1);
		assertThat(this.cache.get("k", String.class)).isEqualTo("async");
	}

	@Test
	void retrieveLoaderFailureIsPropagatedAndNotCached() {
		CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("boom"));
		assertThat(this.cache.retrieve("k", () -> failed)).isCompletedExceptionally();
		assertThat(this.cache.get("k")).isNull();
	}

	@Test
	protected void entryExpiresAfterConfiguredTtl() {
		AssembledCache expiring = createCache(CacheSettings.builder("expiring").ttl(Duration.ofSeconds(10)).build());
		expiring.put("k", "v");
		this.clock.advance(Duration.ofMillis(9_999));
		assertThat(expiring.get("k", String.class)).isEqualTo("v");
		this.clock.advance(Duration.ofMillis(1));
		assertThat(expiring.get("k")).isNull();
	}

	@Test
	protected void perEntryTtlOverridesConfiguredTtl() {
		this.cache.put("short", "v", Duration.ofMillis(5));
		this.cache.put("forever", "v", Duration.ZERO);
		this.clock.advance(Duration.ofDays(365));
		assertThat(this.cache.get("short")).isNull();
		assertThat(this.cache.get("forever")).isNotNull();
	}

	@Test
	void negativeTtlIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put("k", "v", Duration.ofSeconds(-1)))
			.withMessageContaining("negative");
	}

	@Test
	protected void addStoresOnlyWhenAbsentOrExpired() {
		assertThat(this.cache.add("k", "first", Duration.ofSeconds(1))).isTrue();
		assertThat(this.cache.add("k", "second", Duration.ofSeconds(1))).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.cache.add("k", "third", Duration.ZERO)).isTrue();
		assertThat(this.cache.get("k", String.class)).isEqualTo("third");
	}

	@Test
	protected void containsIsNotAReadAndSeesExpiry() {
		this.cache.put("k", "v", Duration.ofSeconds(1));
		assertThat(this.cache.contains("k")).isTrue();
		assertThat(this.cache.contains("other")).isFalse();
		assertThat(this.cache.statistics().requests()).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.cache.contains("k")).isFalse();
	}

	// Touch and remaining TTL (docs/operations.md, "Touch and remaining TTL").

	@Test
	protected void touchGivesALiveEntryANewTtlFromNow() {
		this.cache.put("k", "v", Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(8));
		assertThat(this.cache.touch("k", Duration.ofSeconds(10))).isTrue();
		this.clock.advance(Duration.ofMillis(9_999));
		// Not read before it expires: a near tier would keep the copy a read makes for near.ttl.
		assertThat(this.cache.timeToLive("k")).contains(Duration.ofMillis(1));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.cache.get("k")).isNull();
		assertThat(this.cache.statistics().puts()).isEqualTo(1);
	}

	@Test
	protected void touchCanShortenTheTtlOrRemoveIt() {
		this.cache.put("short", "v", Duration.ZERO);
		this.cache.put("forever", "v", Duration.ofSeconds(1));
		assertThat(this.cache.touch("short", Duration.ofSeconds(1))).isTrue();
		assertThat(this.cache.touch("forever", Duration.ZERO)).isTrue();
		this.clock.advance(Duration.ofDays(365));
		assertThat(this.cache.get("short")).isNull();
		assertThat(this.cache.get("forever", String.class)).isEqualTo("v");
		assertThat(this.cache.timeToLive("forever")).contains(ExtendedCache.NEVER_EXPIRES);
	}

	@Test
	protected void touchOfAnAbsentOrExpiredEntryChangesNothing() {
		assertThat(this.cache.touch("absent", Duration.ofSeconds(10))).isFalse();
		assertThat(this.cache.contains("absent")).isFalse();
		this.cache.put("k", "v", Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.cache.touch("k", Duration.ZERO)).isFalse();
		assertThat(this.cache.get("k")).isNull();
		this.cache.put("evicted", "v");
		this.cache.evict("evicted");
		assertThat(this.cache.touch("evicted", Duration.ZERO)).isFalse();
		assertThat(this.cache.get("evicted")).isNull();
	}

	@Test
	void touchKeepsTheValueAndCountsNothing() {
		this.cache.put("k", List.of("a", "b"));
		this.cache.put("n", null);
		this.cache.increment("c", 41);
		CacheStatistics before = this.cache.statistics();
		assertThat(this.cache.touch("k", Duration.ofMinutes(5))).isTrue();
		assertThat(this.cache.touch("n", Duration.ofMinutes(5))).isTrue();
		assertThat(this.cache.touch("c", Duration.ofMinutes(5))).isTrue();
		assertThat(this.cache.timeToLive("k")).isPresent();
		assertThat(this.cache.statistics()).isEqualTo(before);
		assertThat(this.cache.get("k", List.class)).containsExactly("a", "b");
		assertThat(this.cache.get("n")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
		assertThat(this.cache.increment("c", 1)).isEqualTo(42);
	}

	@Test
	void negativeTouchTtlIsRefused() {
		this.cache.put("k", "v");
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.touch("k", Duration.ofSeconds(-1)))
			.withMessageContaining("negative");
		assertThat(this.cache.get("k", String.class)).isEqualTo("v");
	}

	@Test
	protected void timeToLiveTellsWhatIsLeft() {
		this.cache.put("k", "v", Duration.ofSeconds(10));
		this.cache.put("forever", "v", Duration.ZERO);
		this.clock.advance(Duration.ofMillis(3_500));
		assertThat(this.cache.timeToLive("k")).contains(Duration.ofMillis(6_500));
		assertThat(this.cache.timeToLive("forever")).contains(ExtendedCache.NEVER_EXPIRES);
		assertThat(this.cache.timeToLive("absent")).isEmpty();
		this.clock.advance(Duration.ofMillis(6_499));
		assertThat(this.cache.timeToLive("k")).contains(Duration.ofMillis(1));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.cache.timeToLive("k")).isEmpty();
		assertThat(this.cache.statistics().requests()).isZero();
	}

	@Test
	void neverExpiresIsLongerThanAnyTtl() {
		assertThat(ExtendedCache.NEVER_EXPIRES).isGreaterThan(Duration.ofDays(365L * 1_000_000))
			.isNotEqualTo(Duration.ZERO);
	}

	// Eviction by prefix (docs/operations.md, "Evict by prefix").

	/** Whether the backend can evict by prefix; one that cannot refuses, saying why. */
	protected boolean evictsByPrefix() {
		return true;
	}

	@Test
	void evictByPrefixIsRefusedWhereTheStoreCannotListKeys() {
		assumeFalse(evictsByPrefix());
		this.cache.put("user:1", "v");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.cache.evictByPrefix("user:"))
			.withMessageContaining("'test'")
			.withMessageContaining("cannot evict by prefix");
		assertThat(this.cache.get("user:1", String.class)).isEqualTo("v");
	}

	@Test
	void evictByPrefixRemovesOnlyStringKeysWithThePrefix() {
		assumeTrue(evictsByPrefix());
		Object[] kept = { "users", "admin:user:1", "User:1", "user", 1L, List.of("user:1"), new SimpleKey("user:1"),
				new SimpleKey("user:", "1"), "~user:1", Map.of("user:1", 1) };
		for (Object key : kept) {
			this.cache.put(key, "kept");
		}
		this.cache.put("user:1", "gone");
		this.cache.put("user:2", null);
		this.cache.put("user:10", "gone", Duration.ofMinutes(1));
		this.cache.increment("user:hits", 1);
		assertThat(this.cache.evictByPrefix("user:")).isEqualTo(4);
		assertThat(this.cache.getAll(List.of("user:1", "user:2", "user:10", "user:hits"))).isEmpty();
		assertKept(kept);
		assertThat(this.cache.evictByPrefix("user:")).isZero();
	}

	@Test
	void evictByPrefixTreatsGlobAndKeyEncoderCharactersAsText() {
		assumeTrue(evictsByPrefix());
		String[] keys = { "a*b", "a?b", "a[b]", "a\\b", "a,b", "a(b)", "a~b", "a:b", "ab", "a\\*b", "~a", "~~a", "~str:a",
				"a\\,b" };
		for (String key : keys) {
			this.cache.put(key, key);
		}
		this.cache.put(7L, "a long");
		assertThat(this.cache.evictByPrefix("a*")).as("a*").isEqualTo(1);
		assertThat(this.cache.evictByPrefix("a?")).as("a?").isEqualTo(1);
		assertThat(this.cache.evictByPrefix("a[")).as("a[").isEqualTo(1);
		assertThat(this.cache.evictByPrefix("a\\*")).as("a\\*").isEqualTo(1);
		assertThat(this.cache.evictByPrefix("a\\")).as("a\\").isEqualTo(2);
		assertThat(this.cache.evictByPrefix("a(")).as("a(").isEqualTo(1);
		assertThat(this.cache.evictByPrefix("~s")).as("~s").isEqualTo(1);
		assertThat(this.cache.evictByPrefix("~")).as("~").isEqualTo(2);
		assertKept("a,b", "a~b", "a:b", "ab", 7L);
		assertThat(this.cache.evictByPrefix("a")).isEqualTo(4);
		assertKept(7L);
	}

	@Test
	void evictByPrefixWithTheEmptyPrefixRemovesEveryStringKeyOnly() {
		assumeTrue(evictsByPrefix());
		this.cache.put("a", 1);
		this.cache.put("~b", 2);
		this.cache.put("", 3);
		this.cache.put(1L, 4);
		this.cache.put(List.of("x"), 5);
		assertThat(this.cache.evictByPrefix("")).isEqualTo(3);
		assertKept(1L, List.of("x"));
	}

	@Test
	void evictByPrefixEqualToAKeyRemovesThatKeyToo() {
		assumeTrue(evictsByPrefix());
		this.cache.put("order", 1);
		this.cache.put("order-7", 2);
		this.cache.put("orde", 3);
		assertThat(this.cache.evictByPrefix("order")).isEqualTo(2);
		assertKept("orde");
	}

	@Test
	void evictByPrefixLeavesOtherCachesOfTheBackendAlone() {
		assumeTrue(evictsByPrefix());
		List<AssembledCache> others = List.of(createCache(CacheSettings.defaults("tes")),
				createCache(CacheSettings.defaults("test2")), createCache(CacheSettings.defaults("test:k2:1")),
				createCache(CacheSettings.builder("test").version(2).build()));
		others.forEach((other) -> other.put("k", "other"));
		this.cache.put("k", "this");
		assertThat(this.cache.evictByPrefix("")).isEqualTo(1);
		assertThat(this.cache.get("k")).isNull();
		others.forEach((other) -> assertThat(other.get("k", String.class)).as(other.getName()).isEqualTo("other"));
	}

	@Test
	protected void evictByPrefixCountsLiveEntriesOnly() {
		assumeTrue(evictsByPrefix());
		this.cache.put("p1", 1, Duration.ofSeconds(1));
		this.cache.put("p2", 2);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.cache.evictByPrefix("p")).isEqualTo(1);
		assertThat(this.cache.get("p1")).isNull();
		assertThat(this.cache.get("p2")).isNull();
	}

	@Test
	void aKeyEvictedByPrefixIsReadAndLoadedAgain() {
		assumeTrue(evictsByPrefix());
		AtomicInteger loads = new AtomicInteger();
		this.cache.get("user:1", loads::incrementAndGet);
		assertThat(this.cache.evictByPrefix("user:")).isEqualTo(1);
		assertThat(this.cache.get("user:1")).isNull();
		assertThat(this.cache.get("user:1", loads::incrementAndGet)).isEqualTo(2);
	}

	private void assertKept(Object... keys) {
		SoftAssertions softly = new SoftAssertions();
		for (Object key : keys) {
			softly.assertThat(this.cache.get(key)).as("%s", key).isNotNull();
		}
		softly.assertAll();
	}

	@Test
	void bulkOperations() {
		this.cache.putAll(Map.of("a", 1, "b", 2, "c", 3));
		this.cache.put("n", null);
		Map<String, Object> found = this.cache.getAll(List.of("a", "c", "n", "missing"));
		assertThat(found).containsOnlyKeys("a", "c", "n").containsEntry("a", 1).containsEntry("c", 3);
		assertThat(found.get("n")).isNull();
		assertThat(this.cache.evictAll(List.of("a", "b", "missing"))).isEqualTo(2);
		assertThat(this.cache.getAll(List.of("a", "b", "c"))).containsOnlyKeys("c");
	}

	/**
	 * Pairs of unequal keys whose {@code toString()} is the same: one entry each, never a
	 * shared one (one tenant's results served to another).
	 */
	@Test
	void unequalKeysWithEqualStringFormsNeverShareAnEntry() {
		Object[][] pairs = { { new SimpleKey("acme", "x, y"), new SimpleKey("acme, x", "y") }, { 1L, "1" },
				{ List.of("a", "b"), "[a, b]" }, { new SimpleKey("acme", null), new SimpleKey("acme", "null") },
				{ new SimpleKey((Object) null), "SimpleKey [null]" }, { SimpleKey.EMPTY, "SimpleKey []" } };
		SoftAssertions softly = new SoftAssertions();
		for (Object[] pair : pairs) {
			this.cache.put(pair[0], "first of " + pair[0]);
			this.cache.put(pair[1], "second of " + pair[1]);
			softly.assertThat(this.cache.get(pair[0], String.class)).as("%s", pair[0]).isEqualTo("first of " + pair[0]);
			softly.assertThat(this.cache.get(pair[1], String.class)).as("%s", pair[1]).isEqualTo("second of " + pair[1]);
		}
		softly.assertAll();
	}

	@Test
	void countersIncrementAndDecrementAtomically() {
		assertThat(this.cache.increment("hits", 5)).isEqualTo(5);
		assertThat(this.cache.increment("hits", 2)).isEqualTo(7);
		assertThat(this.cache.decrement("hits", 3)).isEqualTo(4);
		assertThat(this.cache.get("hits", Long.class)).isEqualTo(4L);
	}

	@Test
	protected void counterKeepsItsExpiry() {
		AssembledCache expiring = createCache(CacheSettings.builder("counters").ttl(Duration.ofSeconds(10)).build());
		expiring.increment("c", 1);
		this.clock.advance(Duration.ofSeconds(6));
		expiring.increment("c", 1);
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(expiring.get("c")).isNull();
		assertThat(expiring.increment("c", 1)).isEqualTo(1);
	}

	@Test
	void incrementOfNonCounterIsAnError() {
		this.cache.put("k", "text");
		assertThatIllegalStateException().isThrownBy(() -> this.cache.increment("k", 1))
			.withMessageContaining("not a counter");
	}

	@Test
	void statisticsCountHitsMissesAndPuts() {
		this.cache.get("k");
		this.cache.put("k", "v");
		this.cache.get("k");
		this.cache.get("k", () -> "unused");
		this.cache.get("other", () -> "loaded");
		CacheStatistics statistics = this.cache.statistics();
		assertThat(statistics.hits()).isEqualTo(2);
		assertThat(statistics.misses()).isEqualTo(2);
		assertThat(statistics.puts()).isEqualTo(2);
		assertThat(statistics.hitRatio()).isEqualTo(0.5);
	}

	@Test
	protected void removeExpiredReclaimsAndCounts() {
		this.cache.put("a", 1, Duration.ofSeconds(1));
		this.cache.put("b", 2, Duration.ofSeconds(5));
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.cache.removeExpired()).isEqualTo(1);
		assertThat(this.cache.statistics().expirations()).isEqualTo(1);
		assertThat(this.cache.get("b")).isNotNull();
	}

}
