package io.polycache.local;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.RemovalCause;
import io.polycache.spi.StoreEvents;
import io.polycache.testsupport.HookedStoreEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge takes an expired entry's value by CAS, so a lock-free overwrite that lands
 * while the purge holds the lock (its writer read the time just before the old value
 * expired) is either purged with it or kept, never silently lost.
 */
class LocalStorePurgeRaceTests {

	@ParameterizedTest(name = "{0}")
	@EnumSource(value = EvictionPolicy.class, names = { "LRU", "FIFO", "LFU", "RANDOM" })
	void anOverwriteLandingDuringThePurgeIsNotLost(EvictionPolicy policy) throws Exception {
		AtomicReference<@Nullable Thread> writer = new AtomicReference<>();
		AtomicLong now = new AtomicLong();
		// The writer read the time before the old value expired; the purge reads it after.
		Ticker ticker = () -> (Thread.currentThread() == writer.get()) ? 50 : now.get();
		AtomicReference<@Nullable LocalStore<Object>> holder = new AtomicReference<>();
		StoreEvents events = new HookedStoreEvents((cause, key, value) -> {
			if (cause != RemovalCause.EXPIRED || writer.get() != null) {
				return;
			}
			// The purge holds the lock here: a lock-free overwrite runs now.
			Thread thread = new Thread(() -> holder.get().put("k", "new", Duration.ofSeconds(10)));
			writer.set(thread);
			thread.start();
			while (thread.isAlive() && !holder.get().evictionLock().hasQueuedThread(thread)) {
				Thread.onSpinWait();
			}
		});
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 10, policy, ticker, events,
				new SplittableRandom(5), 16);
		holder.set(store);
		store.put("k", "old", Duration.ofMillis(100));
		now.set(1000);
		assertThat(store.removeExpired()).isOne();
		writer.get().join();
		assertThat(store.get("k")).isEqualTo("new");
		store.checkInvariants();
	}

	/**
	 * A writer finds an entry expired and waits for the lock to take it out; meanwhile a
	 * writer that read the time before the expiry overwrites it lock-free. The first must
	 * leave the newer value in place (in the map too), not take the entry out regardless.
	 */
	@ParameterizedTest(name = "{0}")
	@EnumSource(value = EvictionPolicy.class, names = { "LRU", "FIFO", "LFU", "RANDOM" })
	void anOverwriteLandingWhileAnExpiredEntryWaitsToBeTakenOutIsKept(EvictionPolicy policy) throws Exception {
		AtomicReference<@Nullable Thread> writer = new AtomicReference<>();
		AtomicLong now = new AtomicLong();
		Ticker ticker = () -> (Thread.currentThread() == writer.get()) ? 50 : now.get();
		AtomicReference<@Nullable LocalStore<Object>> holder = new AtomicReference<>();
		AtomicReference<@Nullable Boolean> touched = new AtomicReference<>();
		StoreEvents events = new HookedStoreEvents((cause, key, value) -> {
			if (cause != RemovalCause.EXPLICIT) {
				return;
			}
			// The remove of "x" holds the lock: a touch of the expired "k" queues for it...
			LocalStore<Object> store = holder.get();
			Thread toucher = new Thread(() -> touched.set(store.touch("k", Duration.ofSeconds(20))));
			toucher.start();
			while (toucher.isAlive() && !store.evictionLock().hasQueuedThread(toucher)) {
				Thread.onSpinWait();
			}
			// ...and a writer with an earlier time reading overwrites "k" without the lock.
			Thread overwriter = new Thread(() -> store.put("k", "new", Duration.ofSeconds(10)));
			writer.set(overwriter);
			overwriter.start();
			try {
				overwriter.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 10, policy, ticker, events,
				new SplittableRandom(5), 16);
		holder.set(store);
		store.put("k", "old", Duration.ofMillis(100));
		store.put("x", "x", Duration.ZERO);
		now.set(1000);
		assertThat(store.remove("x")).isTrue();
		assertThat(writer.get().isAlive()).as("the overwrite took no lock").isFalse();
		while (touched.get() == null) {
			Thread.onSpinWait();
		}
		assertThat(touched.get()).as("the touch found the overwritten entry").isTrue();
		assertThat(store.get("k")).isEqualTo("new");
		store.checkInvariants();
	}

}
