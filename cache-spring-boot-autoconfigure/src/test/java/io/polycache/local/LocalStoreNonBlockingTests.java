package io.polycache.local;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What does not wait for the eviction lock: reads of every policy, even on one-slot
 * stripes that are always full, and overwrites of live keys. What a writer's decision
 * counts is in {@link LocalStoreExactnessTests}.
 */
class LocalStoreNonBlockingTests {

	private static LocalStore<Object> store(EvictionPolicy policy, long maxEntries, int stripeCapacity) {
		return new LocalStore<>(Counters.OBJECTS, maxEntries, policy, Clock.systemUTC(), new StatsCounter(), new SplittableRandom(1),
				stripeCapacity);
	}

	/** Runs {@code task} on a thread of its own while another thread holds the store's eviction lock. */
	private static void whileLockIsHeld(LocalStore<Object> store, Runnable task) throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread holder = new Thread(() -> {
			store.evictionLock().lock();
			try {
				held.countDown();
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				store.evictionLock().unlock();
			}
		});
		holder.start();
		held.await();
		try {
			CompletableFuture<Void> done = CompletableFuture.runAsync(task);
			// Generous: the task is a few thousand map operations; it fails only if it waits for the lock.
			done.get(30, TimeUnit.SECONDS);
		}
		finally {
			release.countDown();
			holder.join();
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void readsDoNotWaitForAHeldLockEvenWithFullStripes(EvictionPolicy policy) throws Exception {
		LocalStore<Object> store = store(policy, 2, 1);
		store.put("hot", 0L, Duration.ZERO);
		store.put("rival", 0L, Duration.ZERO);
		int reads = 5_000;
		whileLockIsHeld(store, () -> {
			for (int i = 0; i < reads; i++) {
				assertThat(store.get("hot")).isEqualTo(0L);
			}
		});
		if (policy == EvictionPolicy.LFU) {
			// Every read kept, none dropped for want of the lock: hot has 1 + R uses, rival R.
			for (int i = 0; i < reads - 1; i++) {
				store.get("rival");
			}
			store.put("new", 0L, Duration.ZERO);
			assertThat(store.contains("hot")).isTrue();
			assertThat(store.contains("rival")).isFalse();
		}
		store.checkInvariants();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void overwritesAndIncrementsOfLiveKeysDoNotWaitForAHeldLock(EvictionPolicy policy) throws Exception {
		LocalStore<Object> store = store(policy, 4, 1);
		store.put("key", 0L, Duration.ZERO);
		store.put("counter", 0L, Duration.ZERO);
		whileLockIsHeld(store, () -> {
			for (long i = 1; i <= 1_000; i++) {
				store.put("key", i, Duration.ZERO);
				store.increment("counter", 1, Duration.ZERO);
				assertThat(store.putIfAbsent("key", -1L, Duration.ZERO)).isEqualTo(i);
			}
		});
		assertThat(store.get("key")).isEqualTo(1_000L);
		assertThat(store.get("counter")).isEqualTo(1_000L);
		store.checkInvariants();
	}

	@Test
	void clearUnlinksNodesSoAStaleOneRetainsNothing() {
		for (EvictionPolicy policy : List.of(EvictionPolicy.LRU, EvictionPolicy.LFU, EvictionPolicy.FIFO)) {
			LocalStore<Object> store = store(policy, 8, 4);
			store.put("a", 1L, Duration.ZERO);
			store.put("b", 2L, Duration.ZERO);
			store.put("c", 3L, Duration.ZERO);
			LinkedNode middle = (LinkedNode) store.node("b");
			store.clear();
			assertThat(middle.prev).as(policy + " prev").isEqualTo(NodeTable.NIL);
			assertThat(middle.next).as(policy + " next: the mark of a node removed for good").isEqualTo(NodeTable.GONE);
			assertThat(middle.isRemoved()).as(policy + " removed").isTrue();
			assertThat(store.size().orElseThrow()).isZero();
			store.checkInvariants();
		}
	}

	@Test
	void anEvictedNodeRetainsNeitherItsValueNorTheEntryThatEvictedIt() {
		for (EvictionPolicy policy : EvictionPolicy.values()) {
			LocalStore<Object> store = store(policy, 2, 4);
			Object value = new Object();
			store.put("a", value, Duration.ZERO);
			store.put("b", 2L, Duration.ofMinutes(1));
			Node first = store.node("a");
			Node second = store.node("b");
			for (int i = 0; i < 50 && !first.isRemoved() && !second.isRemoved(); i++) {
				store.put("c" + i, 3L, Duration.ZERO);
			}
			Node victim = first.isRemoved() ? first : second;
			assertThat(victim.isRemoved()).as(policy + ": an evicted entry").isTrue();
			// REMOVED, not an Evicted mark holding the old value and the entry that took its place.
			assertThat(victim.value).as(policy + " value").isSameAs(Node.REMOVED);
			assertThat(store.get(victim.key)).isNull();
			store.checkInvariants();
		}
	}

	@Test
	void systemClockIsReplacedByMonotonicTime() {
		assertThat(Ticker.of(Clock.systemUTC())).isSameAs(Ticker.MONOTONIC);
		assertThat(Ticker.of(Clock.systemDefaultZone())).isSameAs(Ticker.MONOTONIC);
		MutableClock testClock = new MutableClock(5);
		assertThat(Ticker.of(testClock).millis()).isEqualTo(5);
	}

	@Test
	void wallClockStepsDoNotExpireOrReviveEntries() {
		// The store keeps time only by its ticker; a wall clock stepping an hour either way is not seen.
		long[] monotonic = { 0 };
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 0, EvictionPolicy.LRU, () -> monotonic[0], new StatsCounter(),
				new SplittableRandom(1), 4);
		store.put("fresh", 1L, Duration.ofMinutes(1));
		store.put("stale", 2L, Duration.ofMillis(10));
		monotonic[0] += 20;
		assertThat(store.get("fresh")).isEqualTo(1L);
		assertThat(store.get("stale")).isNull();
	}

	@Test
	void anEntryGivenATtlAfterItsInsertExpiresAndLeavesTheQueue() {
		// Inserted without a TTL, it has no field for its place in the expiry queue: the queue keeps it.
		for (EvictionPolicy policy : EvictionPolicy.values()) {
			long[] now = { 0 };
			LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 4, policy, () -> now[0], new StatsCounter(),
					new SplittableRandom(1), 4);
			store.put("late", 1L, Duration.ZERO);
			store.put("removed", 2L, Duration.ZERO);
			store.put("kept", 3L, Duration.ofMinutes(1));
			store.put("late", 4L, Duration.ofMillis(10));
			store.put("removed", 5L, Duration.ofMillis(10));
			assertThat(store.remove("removed")).as(policy + " removed").isTrue();
			store.checkInvariants();
			now[0] += 20;
			assertThat(store.get("late")).as(policy + " expired").isNull();
			assertThat(store.size().orElseThrow()).as(policy + " size after the purge").isEqualTo(1);
			assertThat(store.get("kept")).as(policy + " kept").isEqualTo(3L);
			store.checkInvariants();
		}
	}

}
