package io.polycache.local;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entry being evicted stays visible until the entry that evicts it is in: its value is
 * then held in an {@link Node.Evicted} mark. Readers must still check its expiry there: the
 * insert chose it as the victim at the time it read, and the clock may have passed the
 * victim's expiry since. The state is built by hand, as an insert leaves it between marking
 * the victim and publishing itself (under the lock, with no hook in between).
 */
class LocalStoreEvictionInFlightTests {

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void aVictimReadAfterItsExpiryIsExpired(EvictionPolicy policy) {
		AtomicLong now = new AtomicLong(1_000);
		LocalStore<Object> store = store(policy, now);
		store.put("victim", "old", Duration.ofMillis(10));
		assertReadAsExpiredWhileEvicted(store, now);
		assertThat(store.contains("victim")).as("contains at its expiry").isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void aVictimGivenItsTtlByAnOverwriteIsExpiredTooAfterIt(EvictionPolicy policy) {
		AtomicLong now = new AtomicLong(1_000);
		LocalStore<Object> store = store(policy, now);
		// No TTL at first: the node keeps no expiry, and the later one is wrapped with its value.
		store.put("victim", "first", Duration.ZERO);
		store.put("victim", "old", Duration.ofMillis(10));
		assertReadAsExpiredWhileEvicted(store, now);
	}

	private static LocalStore<Object> store(EvictionPolicy policy, AtomicLong now) {
		return new LocalStore<>(Counters.OBJECTS, 2, policy, now::get, new StatsCounter(), new SplittableRandom(1), 16);
	}

	/** Marks "victim", expiring at 1,010, evicted by an entry still pending, and reads it before and at its expiry. */
	private static void assertReadAsExpiredWhileEvicted(LocalStore<Object> store, AtomicLong now) {
		Node victim = store.node("victim");
		Object stored = victim.value;
		assertThat(victim.casValue(stored, new Node.Evicted(stored, new Node("new", Node.PENDING)))).isTrue();
		assertThat(store.get("victim")).as("before its expiry").isEqualTo("old");
		now.set(1_010);
		assertThat(store.get("victim")).as("at its expiry").isNull();
	}

}
