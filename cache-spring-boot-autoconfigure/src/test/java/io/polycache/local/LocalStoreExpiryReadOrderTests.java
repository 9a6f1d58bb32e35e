package io.polycache.local;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer that hands out or uses the value it finds ({@code putIfAbsent}, {@code increment})
 * reads the entry's own expiry before its value, as a reader does: a lock-free overwrite
 * stores its value and only then raises the expiry, so the other order can pair the old
 * value with the new, later expiry and return a value after its TTL. That order can pair a
 * new value with the old expiry instead, and judge it expired: a writer then takes it out
 * only if it is still expired by the expiry read after it, so a value whose overwrite has
 * returned (and been read) is not lost. The overwrite lands between the two reads, or just
 * before them, through a node that runs it when its expiry is first read (there is no other
 * point between them).
 */
class LocalStoreExpiryReadOrderTests {

	/**
	 * Found at 1,004, when "old" has expired and "new" lives until 1,009. With the overwrite
	 * between the two reads, "new" is the only linearizable answer too: the read inside saw
	 * it live after its overwrite had returned, so no step of the putIfAbsent can have found
	 * it expired.
	 */
	@ParameterizedTest(name = "overwrite after the expiry read: {0}")
	@ValueSource(booleans = { false, true })
	void putIfAbsentFindsTheOverwrittenValue(boolean hookAfterRead) {
		Race race = new Race(hookAfterRead, "new");

		Object found = race.store.putIfAbsent("key", "absent", Duration.ofMillis(4));

		assertThat(race.readInside.get()).as("read inside, after the overwrite returned").isEqualTo("new");
		assertThat(found).isEqualTo("new");
		assertThat(race.store.get("key")).isEqualTo("new");
	}

	/** As {@link #putIfAbsentFindsTheOverwrittenValue}: counted from 5, never refused for "old". */
	@ParameterizedTest(name = "overwrite after the expiry read: {0}")
	@ValueSource(booleans = { false, true })
	void incrementCountsFromTheOverwrittenValue(boolean hookAfterRead) {
		Race race = new Race(hookAfterRead, 5L);

		long count = race.store.increment("key", 1, Duration.ZERO);

		assertThat(race.readInside.get()).as("read inside, after the overwrite returned").isEqualTo(5L);
		assertThat(count).isEqualTo(6);
		assertThat(race.store.get("key")).isEqualTo(6L);
	}

	/**
	 * An LRU store holding "old" from 1,000 until 1,004, its clock at 1,004, with an overwrite
	 * armed to run inside the next read of the entry's own expiry: one that read the clock
	 * before it passed 1,004, so lock-free (the expiry moves later), storing its value and
	 * then raising the expiry to 1,009; then a read of the key.
	 */
	private static final class Race {

		final AtomicLong now = new AtomicLong(1_000);

		final AtomicReference<@Nullable Object> readInside = new AtomicReference<>();

		final LocalStore<Object> store;

		/** @param hookAfterRead whether the overwrite runs after that read, not before it */
		Race(boolean hookAfterRead, Object overwrite) {
			AtomicReference<@Nullable Runnable> onExpiryRead = new AtomicReference<>();
			this.store = store(this.now, onExpiryRead, hookAfterRead);
			this.store.put("key", "old", Duration.ofMillis(4));
			this.now.set(1_004);
			onExpiryRead.set(() -> {
				this.now.set(1_000);
				this.store.put("key", overwrite, Duration.ofMillis(9));
				this.now.set(1_004);
				this.readInside.set(this.store.get("key"));
			});
		}

	}

	/** An LRU store whose entries with a TTL are {@link HookedNode}s. */
	private static LocalStore<Object> store(AtomicLong now, AtomicReference<@Nullable Runnable> onExpiryRead,
			boolean hookAfterRead) {
		Policy policy = new DelegatingTestPolicy(Policy.create(EvictionPolicy.LRU, new SplittableRandom(1))) {

			@Override
			Node newNode(Object key, Object value, long expiresAt) {
				return (expiresAt != Node.NEVER) ? new HookedNode(key, value, expiresAt, onExpiryRead, hookAfterRead)
						: super.newNode(key, value, expiresAt);
			}

		};
		return new LocalStore<>(Counters.OBJECTS, 8, EvictionPolicy.LRU, now::get, new StatsCounter(), policy,
				new ReadBuffer(16));
	}

	/**
	 * A node keeping its own expiry that runs a hook, once, when that expiry is first read:
	 * before the read, or after it (the caller goes on with the expiry it read).
	 */
	private static final class HookedNode extends LinkedNode.ExpiringLinkedNode {

		private final AtomicReference<@Nullable Runnable> onExpiryRead;

		private final boolean hookAfterRead;

		HookedNode(Object key, Object value, long expiresAt, AtomicReference<@Nullable Runnable> onExpiryRead,
				boolean hookAfterRead) {
			super(key, value, expiresAt);
			this.onExpiryRead = onExpiryRead;
			this.hookAfterRead = hookAfterRead;
		}

		@Override
		long ownExpiry() {
			long read = super.ownExpiry();
			Runnable hook = this.onExpiryRead.getAndSet(null);
			if (hook != null) {
				hook.run();
			}
			return this.hookAfterRead ? read : super.ownExpiry();
		}

	}

}
