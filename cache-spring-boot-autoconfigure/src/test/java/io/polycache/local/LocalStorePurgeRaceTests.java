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
		StoreEvents events = new StoreEvents() {

			@Override
			public void recordEviction() {
			}

			@Override
			public void recordExpirations(int count) {
			}

			@Override
			public boolean reportsRemovals() {
				return true;
			}

			@Override
			public void removed(RemovalCause cause, Object key, @Nullable Object value) {
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
			}

		};
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

}
