package io.polycache.local;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer that hands out the value it finds ({@code putIfAbsent}) reads the entry's own
 * expiry before its value, as a reader does: a lock-free overwrite stores its value and only
 * then raises the expiry, so the other order can pair the old value with the new, later
 * expiry and return a value after its TTL. The overwrite lands between the two reads through
 * a node that runs it when its expiry is first read (there is no other point between them).
 */
class LocalStoreExpiryReadOrderTests {

	@Test
	void putIfAbsentNeverReturnsAValueAfterItsExpiry() {
		AtomicLong now = new AtomicLong(1_000);
		AtomicReference<@Nullable Runnable> onExpiryRead = new AtomicReference<>();
		Policy policy = new DelegatingTestPolicy(Policy.create(EvictionPolicy.LRU, new SplittableRandom(1))) {

			@Override
			Node newNode(Object key, Object value, long expiresAt) {
				return (expiresAt != Node.NEVER) ? new HookedNode(key, value, expiresAt, onExpiryRead)
						: super.newNode(key, value, expiresAt);
			}

		};
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 8, EvictionPolicy.LRU, now::get,
				new StatsCounter(), policy, new ReadBuffer(16));
		store.put("key", "old", Duration.ofMillis(4));
		now.set(1_004);
		onExpiryRead.set(() -> {
			// An overwrite that read the clock before it passed 1,004: lock-free, since the
			// expiry moves later; its value is stored, then the expiry raised to 1,009.
			now.set(1_000);
			store.put("key", "new", Duration.ofMillis(9));
			now.set(1_004);
		});

		Object found = store.putIfAbsent("key", "absent", Duration.ofMillis(4));

		assertThat(onExpiryRead.get()).as("the overwrite ran inside the putIfAbsent").isNull();
		assertThat(found).as("found at 1,004: \"old\" expired then, \"new\" lives until 1,009").isEqualTo("new");
		assertThat(store.get("key")).isEqualTo("new");
	}

	/** A node keeping its own expiry that runs a hook, once, when that expiry is first read. */
	private static final class HookedNode extends LinkedNode {

		private final AtomicReference<@Nullable Runnable> onExpiryRead;

		private volatile long expiresAt;

		private int expirySlot = UNSCHEDULED;

		HookedNode(Object key, Object value, long expiresAt, AtomicReference<@Nullable Runnable> onExpiryRead) {
			super(key, value);
			this.expiresAt = expiresAt;
			this.onExpiryRead = onExpiryRead;
		}

		@Override
		boolean keepsExpiry() {
			return true;
		}

		@Override
		long ownExpiry() {
			Runnable hook = this.onExpiryRead.getAndSet(null);
			if (hook != null) {
				hook.run();
			}
			return this.expiresAt;
		}

		@Override
		void setOwnExpiry(long expiresAt) {
			this.expiresAt = expiresAt;
		}

		@Override
		int expirySlot() {
			return this.expirySlot;
		}

		@Override
		void setExpirySlot(int slot) {
			this.expirySlot = slot;
		}

	}

}
