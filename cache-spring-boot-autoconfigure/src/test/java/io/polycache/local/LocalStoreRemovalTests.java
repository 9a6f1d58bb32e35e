package io.polycache.local;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.RemovalCause;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.StoreEvents;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testsupport.HookedStoreEvents;
import io.polycache.testsupport.RecordingStoreEvents;
import io.polycache.testsupport.RemovalWorkload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LocalStore} reports every removal once, with its cause: lock-free overwrites
 * (replaced), removes, expiry found by a write and by the purge, evictions and clears,
 * under contention.
 */
class LocalStoreRemovalTests {

	@ParameterizedTest(name = "{0}")
	@EnumSource(value = EvictionPolicy.class, names = { "LRU", "FIFO", "RANDOM" })
	void everyWriteEndsInOneReportedRemovalOrIsStillThere(EvictionPolicy policy) throws Exception {
		MutableClock clock = new MutableClock();
		RecordingStoreEvents events = new RecordingStoreEvents();
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 48, policy, clock, events,
				new SplittableRandom(5));
		new RemovalWorkload<Object, Object>(store, clock, (k) -> k, (i) -> "v" + i, 128).runAndCheck(4, 30_000,
				events);
		store.checkInvariants();
		assertThat(events.reportedWithValue()).isEqualTo(events.reported(RemovalCause.EXPLICIT)
				+ events.reported(RemovalCause.REPLACED) + events.reported(RemovalCause.EXPIRED)
				+ events.reported(RemovalCause.EVICTED) + events.reported(RemovalCause.CLEARED));
	}

	@Test
	void removalsAreCountedButNotReportedWithoutListener() {
		MutableClock clock = new MutableClock();
		StatsCounter stats = new StatsCounter();
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 2, EvictionPolicy.FIFO, clock, stats,
				new SplittableRandom(5));
		store.put("a", "1", Duration.ZERO);
		store.put("a", "2", Duration.ZERO);
		store.put("b", "1", Duration.ZERO);
		store.put("c", "1", Duration.ZERO);
		store.remove("b");
		store.clear();
		assertThat(stats.removals(RemovalCause.REPLACED)).isOne();
		assertThat(stats.removals(RemovalCause.EVICTED)).isOne();
		assertThat(stats.removals(RemovalCause.EXPLICIT)).isOne();
		assertThat(stats.removals(RemovalCause.CLEARED)).isOne();
		assertThat(stats.snapshot().evictions()).isOne();
	}

	@Test
	void aLowerBoundReportsEachEntryItEvicts() {
		RecordingStoreEvents events = new RecordingStoreEvents();
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 10, EvictionPolicy.LRU, new MutableClock(),
				events, new SplittableRandom(5));
		for (int i = 0; i < 10; i++) {
			store.put("k" + i, "v" + i, Duration.ZERO);
		}
		store.resize(4);
		assertThat(events.counted(RemovalCause.EVICTED)).isEqualTo(6);
		assertThat(events.reported(RemovalCause.EVICTED)).isEqualTo(6);
		assertThat(events.reportedWithValue()).isEqualTo(6);
		for (int i = 0; i < 6; i++) {
			assertThat(events.reportedOf("k" + i)).as("k" + i).isOne();
		}
		assertThat(store.size()).hasValue(4);
	}

	/**
	 * A writer that read its clock just before the entry expired overwrites it lock-free
	 * while the purge, under the lock, is taking it out: the old value is reported once
	 * (replaced), and the new one is either still there or reported, never lost unheard.
	 */
	@Test
	void overwriteRacingThePurgeReportsEachValueOnce() throws Exception {
		ThreadLocal<Long> earlier = ThreadLocal.withInitial(() -> null);
		MutableClock clock = new MutableClock();
		Ticker ticker = () -> (earlier.get() != null) ? earlier.get() : clock.millis();
		List<String> reported = new CopyOnWriteArrayList<>();
		AtomicBoolean raced = new AtomicBoolean();
		LocalStore<Object>[] holder = new LocalStore[1];
		Thread[] writers = new Thread[1];
		StoreEvents events = new HookedStoreEvents((cause, key, value) -> {
			reported.add(value + ":" + cause);
			if (cause == RemovalCause.EXPIRED && raced.compareAndSet(false, true)) {
				long before = clock.millis() - 10;
				Thread writer = new Thread(() -> {
					earlier.set(before);
					holder[0].put("k", "new", Duration.ofMillis(100));
				});
				writers[0] = writer;
				writer.start();
				// Lock-free, it ends; should it need the lock the purge holds, it parks.
				while (writer.isAlive() && writer.getState() != Thread.State.WAITING) {
					Thread.onSpinWait();
				}
			}
		});
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 0, EvictionPolicy.FIFO, ticker, events,
				new SplittableRandom(5), 16);
		holder[0] = store;
		store.put("k", "old", Duration.ofMillis(5));
		clock.advanceMillis(6);
		store.removeExpired();
		assertThat(raced).isTrue();
		// The writer may still finish after the purge released the lock.
		writers[0].join();
		assertThat(reported.stream().filter((r) -> r.startsWith("old:"))).hasSize(1);
		boolean present = "new".equals(store.get("k"));
		assertThat(reported.stream().filter((r) -> r.startsWith("new:")).count() + (present ? 1 : 0)).isOne();
	}

}
