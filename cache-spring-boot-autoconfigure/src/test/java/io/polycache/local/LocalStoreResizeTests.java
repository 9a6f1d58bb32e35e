package io.polycache.local;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testfixtures.ResizeModelCheck;
import io.polycache.testfixtures.ResizeRace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link LocalStore#resize}: a lower bound evicts down to it at once, by the policy
 * exactly as the reference model does, each victim counted as an eviction; a higher one
 * lets the store grow; and under eight threads of mixed operations and a thread changing
 * the bound, the bound holds after every change and values are never mixed up.
 */
class LocalStoreResizeTests {

	private static final int KEYS = 40;

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void resizingAgreesWithTheModel(EvictionPolicy policy) {
		MutableClock clock = new MutableClock();
		StatsCounter events = new StatsCounter();
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 20, policy, clock, events,
				new SplittableRandom(3));
		long evictions = ResizeModelCheck.run(store, (key) -> key, (value) -> value, policy, 20,
				new long[] { 5, 30, 1, 12, 0, 8 }, KEYS, 1_200, clock);
		assertThat(events.snapshot().evictions()).isEqualTo(evictions).isPositive();
		store.checkInvariants();
	}

	@Test
	void aLowerBoundEvictsTheLeastRecentlyUsedAtOnce() {
		StatsCounter events = new StatsCounter();
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 100, EvictionPolicy.LRU, new MutableClock(),
				events, new SplittableRandom(1));
		for (long key = 0; key < 100; key++) {
			store.put(key, "v" + key, Duration.ZERO);
		}
		for (long key = 0; key < 10; key++) {
			store.get(key);
		}
		store.resize(10);
		assertThat(store.size()).hasValue(10);
		assertThat(present(store, 100)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
		assertThat(events.snapshot().evictions()).isEqualTo(90);
		store.put(100L, "v100", Duration.ZERO);
		assertThat(store.size()).hasValue(10);
		store.checkInvariants();
	}

	@Test
	void aHigherBoundLetsTheStoreGrow() {
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 10, EvictionPolicy.FIFO, new MutableClock(),
				new StatsCounter(), new SplittableRandom(1));
		store.resize(50);
		for (long key = 0; key < 60; key++) {
			store.put(key, "v", Duration.ZERO);
		}
		assertThat(store.size()).hasValue(50);
		store.resize(0);
		for (long key = 60; key < 200; key++) {
			store.put(key, "v", Duration.ZERO);
		}
		assertThat(store.size()).hasValue(190);
		store.checkInvariants();
	}

	@Test
	void aStoreCreatedUnboundedTakesNoBoundUnlessFifo() {
		LocalStore<Object> lru = new LocalStore<>(Counters.OBJECTS, 0, EvictionPolicy.LRU, new MutableClock(),
				new StatsCounter(), new SplittableRandom(1));
		lru.put("a", "v", Duration.ZERO);
		assertThatIllegalStateException().isThrownBy(() -> lru.resize(10)).withMessageContaining("created unbounded");
		assertThat(lru.maxEntries()).isZero();
		LocalStore<Object> fifo = new LocalStore<>(Counters.OBJECTS, 0, EvictionPolicy.FIFO, new MutableClock(),
				new StatsCounter(), new SplittableRandom(1));
		for (long key = 0; key < 20; key++) {
			fifo.put(key, "v", Duration.ZERO);
		}
		fifo.resize(5);
		assertThat(present(fifo, 20)).containsExactly(15L, 16L, 17L, 18L, 19L);
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void concurrentResizesKeepTheBoundAndTheValues(EvictionPolicy policy) throws Exception {
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 64, policy, Clock.systemUTC(), new StatsCounter(),
				new SplittableRandom(42));
		List<String> violations = ResizeRace.run(store, new long[] { 8, 64, 1, 32, 200, 16 }, 50, 8,
				(thread, found) -> {
					SplittableRandom random = new SplittableRandom(thread);
					for (int i = 0; i < 40_000; i++) {
						int key = random.nextInt(256);
						int operation = random.nextInt(10);
						if (operation < 5) {
							Object value = store.get(key);
							if (value != null && !value.equals("v" + key)) {
								found.add("key " + key + " read " + value);
							}
						}
						else if (operation < 9) {
							store.put(key, "v" + key, Duration.ZERO);
						}
						else {
							store.remove(key);
						}
					}
				});
		assertThat(violations).isEmpty();
		assertThat(store.size().orElseThrow()).isLessThanOrEqualTo(store.maxEntries());
		store.checkInvariants();
	}

	private static Set<Long> present(LocalStore<Object> store, long keys) {
		Set<Long> present = new TreeSet<>();
		for (long key = 0; key < keys; key++) {
			if (store.contains(key)) {
				present.add(key);
			}
		}
		return present;
	}

}
