package io.polycache.testfixtures;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import io.polycache.core.ExtendedCache;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.StoreContext;
import io.polycache.spi.StoreEvents;
import io.polycache.spi.StringKeyPrefix;

/**
 * A backend an application could write itself, in a few dozen lines: type {@code map}, a
 * store of bytes in a {@link ConcurrentHashMap}, each cache in a map of its own. It keeps
 * bytes and says it can fail, so Polycache serializes its values, keys them in the cache's
 * namespace and puts fail-open in front of it, exactly as for a built-in shared store.
 * <p>Proves the provider SPI: the whole shared contract suite runs on it, and
 * {@code cache.backends.x.type: map} works once the application declares it as a bean.
 */
public final class MapProvider implements BackendProvider {

	/** The type, as written in {@code cache.backends.<name>.type}. */
	public static final String TYPE = "map";

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public BackendTraits traits() {
		return new BackendTraits(true, true, null, false, true, false, false);
	}

	@Override
	public OpenedStore<String, byte[]> open(StoreContext context) {
		return OpenedStore.shared(new MapStore(context.clock(), context.events(), context.namespace()), context);
	}

	/**
	 * A store of this backend on its own, for tests that share one between caches; it knows
	 * no namespace, so it refuses {@code removeByPrefix}.
	 */
	public static ByteStore store(Clock clock) {
		return new MapStore(clock, new StatsCounter(), null);
	}

	/** Entries with their own expiry, in clock milliseconds ({@code 0}: never). Thread-safe. */
	static final class MapStore implements ByteStore {

		private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

		private final Clock clock;

		private final StoreEvents events;

		private final @Nullable KeyNamespace namespace;

		MapStore(Clock clock, StoreEvents events, @Nullable KeyNamespace namespace) {
			this.clock = clock;
			this.events = events;
			this.namespace = namespace;
		}

		@Override
		public byte @Nullable [] get(String key) {
			Entry entry = live(key);
			return (entry != null) ? entry.value() : null;
		}

		@Override
		public void put(String key, byte[] value, Duration ttl) {
			this.entries.put(key, new Entry(value, expiresAt(ttl)));
		}

		@Override
		public byte @Nullable [] putIfAbsent(String key, byte[] value, Duration ttl) {
			AtomicReference<byte @Nullable []> present = new AtomicReference<>();
			this.entries.compute(key, (k, entry) -> {
				if (entry != null && entry.isLive(this.clock.millis())) {
					present.set(entry.value());
					return entry;
				}
				return new Entry(value, expiresAt(ttl));
			});
			return present.get();
		}

		@Override
		public boolean touch(String key, Duration ttl) {
			boolean[] touched = { false };
			this.entries.computeIfPresent(key, (k, entry) -> {
				if (!entry.isLive(this.clock.millis())) {
					return entry;
				}
				touched[0] = true;
				return new Entry(entry.value(), expiresAt(ttl));
			});
			return touched[0];
		}

		@Override
		public Optional<Duration> timeToLive(String key) {
			Entry entry = live(key);
			if (entry == null) {
				return Optional.empty();
			}
			return Optional.of((entry.expiresAt() == 0) ? ExtendedCache.NEVER_EXPIRES
					: Duration.ofMillis(Math.max(1, entry.expiresAt() - this.clock.millis())));
		}

		@Override
		public int removeByPrefix(String prefix) {
			if (this.namespace == null) {
				throw new UnsupportedOperationException("A map store made by MapProvider.store knows no namespace");
			}
			StringKeyPrefix matching = this.namespace.keysStartingWith(prefix);
			int removed = 0;
			for (String key : this.entries.keySet()) {
				if (matching.matches(key) && remove(key)) {
					removed++;
				}
			}
			return removed;
		}

		@Override
		public boolean remove(String key) {
			Entry removed = this.entries.remove(key);
			return removed != null && removed.isLive(this.clock.millis());
		}

		@Override
		public void clear() {
			this.entries.clear();
		}

		@Override
		public long increment(String key, long delta, Duration ttlIfCreated) {
			AtomicLong result = new AtomicLong();
			this.entries.compute(key, (k, entry) -> {
				long now = this.clock.millis();
				if (entry == null || !entry.isLive(now)) {
					result.set(delta);
					return new Entry(text(delta), expiresAt(ttlIfCreated));
				}
				long next = Math.addExact(count(key, entry.value()), delta);
				result.set(next);
				return new Entry(text(next), entry.expiresAt());
			});
			return result.get();
		}

		@Override
		public OptionalLong size() {
			long now = this.clock.millis();
			return OptionalLong.of(this.entries.values().stream().filter((entry) -> entry.isLive(now)).count());
		}

		@Override
		public int removeExpired() {
			long now = this.clock.millis();
			int[] removed = { 0 };
			this.entries.forEach((key, entry) -> {
				if (!entry.isLive(now) && this.entries.remove(key, entry)) {
					removed[0]++;
				}
			});
			this.events.recordExpirations(removed[0]);
			return removed[0];
		}

		private @Nullable Entry live(String key) {
			Entry entry = this.entries.get(key);
			return (entry != null && entry.isLive(this.clock.millis())) ? entry : null;
		}

		private long expiresAt(Duration ttl) {
			return ttl.isZero() ? 0 : this.clock.millis() + ttl.toMillis();
		}

		private static byte[] text(long count) {
			return Long.toString(count).getBytes(StandardCharsets.US_ASCII);
		}

		private static long count(String key, byte[] value) {
			try {
				return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
			}
			catch (NumberFormatException ex) {
				throw new IllegalStateException("Cannot increment " + key + ": it holds a value that is not a counter");
			}
		}

		@Override
		public String toString() {
			return "map";
		}

		private record Entry(byte[] value, long expiresAt) {

			boolean isLive(long now) {
				return this.expiresAt == 0 || now < this.expiresAt;
			}

		}

	}

}
