package io.polycache.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.ExtendedCache;
import io.polycache.internal.StatsCounter;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LocalStore#touch}, {@link LocalStore#timeToLive} and
 * {@link LocalStore#removeByPrefix}: what the contract suite cannot see, the expiry queue
 * and the policy, alone and under contention.
 */
class LocalStoreTouchTests {

	private static final int WRITERS = 4;

	private static final int TOUCHERS = 4;

	private static final int KEYS = 64;

	private static final int OPERATIONS = 30_000;

	private static final Duration[] TTLS = { Duration.ZERO, Duration.ofMinutes(30), Duration.ofHours(1),
			Duration.ofHours(3) };

	private final MutableClock clock = new MutableClock();

	private final ExecutorService executor = Executors.newFixedThreadPool(WRITERS + TOUCHERS);

	@AfterEach
	void shutdown() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	private LocalStore<Object> store(long maxEntries, EvictionPolicy policy) {
		return new LocalStore<>(Counters.OBJECTS, maxEntries, policy, this.clock, new StatsCounter(),
				new SplittableRandom(42));
	}

	@Test
	void touchIsNotAUseOfTheEntry() {
		LocalStore<Object> lru = store(2, EvictionPolicy.LRU);
		lru.put("a", 1, Duration.ZERO);
		lru.put("b", 2, Duration.ZERO);
		assertThat(lru.touch("a", Duration.ofMinutes(1))).isTrue();
		lru.put("c", 3, Duration.ZERO);
		assertThat(lru.contains("a")).as("a, touched but least recently used, was the victim").isFalse();
		assertThat(lru.contains("b")).isTrue();

		LocalStore<Object> lfu = store(2, EvictionPolicy.LFU);
		lfu.put("a", 1, Duration.ZERO);
		lfu.put("b", 2, Duration.ZERO);
		lfu.get("b");
		lfu.touch("a", Duration.ZERO);
		lfu.touch("a", Duration.ZERO);
		lfu.put("c", 3, Duration.ZERO);
		assertThat(lfu.contains("a")).as("a, touched twice but used once, was the victim").isFalse();
	}

	/** Touched earlier than the last expiry in the queue's ring: the heap must take it, or it expires late. */
	@Test
	void anExpiryMovedEarlierIsReclaimedOnTime() {
		LocalStore<Object> store = store(0, EvictionPolicy.FIFO);
		store.put("a", 1, Duration.ofSeconds(10));
		store.put("b", 2, Duration.ofSeconds(20));
		store.put("c", 3, Duration.ZERO);
		assertThat(store.touch("b", Duration.ofSeconds(5))).isTrue();
		assertThat(store.touch("c", Duration.ofSeconds(7))).isTrue();
		assertThat(store.touch("a", Duration.ZERO)).isTrue();
		store.checkInvariants();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(store.removeExpired()).isEqualTo(1);
		assertThat(store.contains("b")).isFalse();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(store.removeExpired()).isEqualTo(1);
		this.clock.advance(Duration.ofDays(1));
		assertThat(store.removeExpired()).isZero();
		assertThat(store.get("a")).isEqualTo(1);
		assertThat(store.size()).hasValue(1);
		store.checkInvariants();
	}

	/**
	 * An entry written with a TTL keeps its expiry in a field; a touch that moves it earlier
	 * must move that field too, or a later lock-free overwrite, which only ever raises it,
	 * would leave the entry living to the first expiry.
	 */
	@Test
	void anOverwriteAfterATouchKeepsItsOwnExpiry() {
		LocalStore<Object> store = store(0, EvictionPolicy.LRU);
		store.put("k", "v1", Duration.ofMinutes(10));
		assertThat(store.touch("k", Duration.ofMinutes(1))).isTrue();
		store.put("k", "v2", Duration.ofMinutes(2));
		assertThat(store.timeToLive("k")).contains(Duration.ofMinutes(2));
		this.clock.advance(Duration.ofMinutes(2).minusMillis(1));
		assertThat(store.get("k")).isEqualTo("v2");
		this.clock.advanceMillis(1);
		assertThat(store.get("k")).isNull();
		assertThat(store.removeExpired()).isEqualTo(1);
		store.checkInvariants();
	}

	@Test
	void removeByPrefixMatchesStringKeysOnly() {
		LocalStore<Object> store = store(0, EvictionPolicy.LRU);
		store.put("user:1", 1, Duration.ZERO);
		store.put("user:2", 2, Duration.ofSeconds(1));
		store.put("user:" + "x".repeat(2_000), 3, Duration.ZERO);
		store.put(new StringBuilder("user:3"), 4, Duration.ZERO);
		store.put(List.of("user:4"), 5, Duration.ZERO);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(store.removeByPrefix("user:")).as("the expired one is not counted").isEqualTo(2);
		assertThat(store.size()).hasValue(2);
		store.checkInvariants();
	}

	/**
	 * Touches racing puts and removes of the same keys: each key has one writer, which
	 * checks after each of its writes that the key holds exactly what it wrote, or nothing
	 * after a remove, while other threads touch every key with every kind of TTL. A touch
	 * that wrote back an older value would lose a put; one that found a removed entry would
	 * bring it back. At the end, the expiry queue must reclaim exactly the entries whose
	 * last expiry passed.
	 */
	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void touchesRacingWritesNeverLoseNorResurrectAnEntry(EvictionPolicy policy) throws Exception {
		LocalStore<Object> store = store(KEYS * 2, policy);
		ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
		Object[] last = new Object[KEYS];
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> threads = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			int writer = w;
			threads.add(this.executor.submit(() -> {
				SplittableRandom random = new SplittableRandom(writer);
				start.await();
				for (int i = 0; i < OPERATIONS; i++) {
					int key = writer + WRITERS * random.nextInt(KEYS / WRITERS);
					if (random.nextInt(4) == 0) {
						store.remove(key);
						last[key] = null;
						if (store.get(key) != null || store.timeToLive(key).isPresent()) {
							violations.add("key " + key + " came back after its remove");
						}
					}
					else {
						String value = key + "/" + i;
						store.put(key, value, TTLS[random.nextInt(TTLS.length)]);
						last[key] = value;
						Object read = store.get(key);
						if (!value.equals(read)) {
							violations.add("key " + key + " held " + read + " right after " + value + " was put");
						}
					}
				}
				return null;
			}));
		}
		for (int t = 0; t < TOUCHERS; t++) {
			int toucher = t;
			threads.add(this.executor.submit(() -> {
				SplittableRandom random = new SplittableRandom(100 + toucher);
				start.await();
				for (int i = 0; i < OPERATIONS; i++) {
					store.touch(random.nextInt(KEYS), TTLS[random.nextInt(TTLS.length)]);
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> thread : threads) {
			thread.get(60, TimeUnit.SECONDS);
		}
		assertThat(violations).isEmpty();
		store.checkInvariants();
		int present = 0;
		int forever = 0;
		for (int key = 0; key < KEYS; key++) {
			assertThat(store.get(key)).as("key %d", key).isEqualTo(last[key]);
			if (last[key] != null) {
				present++;
				if (store.timeToLive(key).orElseThrow().equals(ExtendedCache.NEVER_EXPIRES)) {
					forever++;
				}
			}
		}
		assertThat(store.size()).hasValue(present);
		this.clock.advance(Duration.ofHours(3));
		assertThat(store.removeExpired()).as("every entry with an expiry, reclaimed").isEqualTo(present - forever);
		assertThat(store.size()).hasValue(forever);
		store.checkInvariants();
	}

	/**
	 * A lock-free overwrite stores its value, then raises the node's own expiry: a touch
	 * (or an overwrite under the lock) that shortens the TTL in between must not have its
	 * expiry undone by that late raise, which here comes after the touch.
	 */
	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void aLateRaiseOfAnEarlierOverwriteDoesNotUndoAShorterExpiry(EvictionPolicy policy) {
		LocalStore<Object> store = store(16, policy);
		long later = this.clock.millis() + Duration.ofHours(1).toMillis();
		store.put("touched", "v", Duration.ofMinutes(30));
		store.put("overwritten", "v", Duration.ofMinutes(30));
		assertThat(store.touch("touched", Duration.ofSeconds(1))).isTrue();
		store.put("overwritten", "w", Duration.ofSeconds(1));
		store.node("touched").raiseExpiry(later);
		store.node("overwritten").raiseExpiry(later);
		assertThat(store.timeToLive("touched")).contains(Duration.ofSeconds(1));
		assertThat(store.timeToLive("overwritten")).contains(Duration.ofSeconds(1));
		store.put("overwritten", "x", Duration.ofSeconds(2));
		store.node("overwritten").raiseExpiry(later);
		assertThat(store.timeToLive("overwritten")).as("a later lock-free write keeps its own expiry")
			.contains(Duration.ofSeconds(2));
		this.clock.advance(Duration.ofMillis(1500));
		assertThat(store.get("touched")).isNull();
		assertThat(store.get("overwritten")).isEqualTo("x");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(store.get("overwritten")).isNull();
		store.checkInvariants();
	}

}
