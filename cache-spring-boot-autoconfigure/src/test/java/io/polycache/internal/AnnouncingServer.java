package io.polycache.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.core.ExtendedCache;
import io.polycache.spi.ByteStore;
import io.polycache.spi.InvalidationChannel;
import io.polycache.spi.InvalidationListener;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.StoreContext;
import io.polycache.spi.StringKeyPrefix;

/**
 * A shared store in one JVM that plays a server for several "instances" of a cache: every
 * store opened on it sees the same entries, and every change is announced to every
 * subscribed listener before the change returns, as an atomic announcement on redis is.
 * Counts reads, and can pause a read between finding its value and returning it, to force
 * interleavings. No TTLs: entries live until removed. Thread-safe.
 */
final class AnnouncingServer {

	private final ConcurrentMap<String, byte[]> entries = new ConcurrentHashMap<>();

	private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicInteger reads = new AtomicInteger();

	private volatile @Nullable Consumer<String> afterRead;

	private volatile boolean connectOnSubscribe = true;

	private volatile boolean echoOwnWrites = true;

	/** The store each listener's instance opened, to skip its own writes when asked to. */
	private final Map<InvalidationListener, Store> owners = new ConcurrentHashMap<>();

	/** Reads that reached the store. */
	int reads() {
		return this.reads.get();
	}

	/** Runs the hook in every read, after the value was found and before it is returned. */
	void afterRead(@Nullable Consumer<String> hook) {
		this.afterRead = hook;
	}

	/** Whether a new subscriber hears {@code connected()} at once (the default). */
	void connectOnSubscribe(boolean connect) {
		this.connectOnSubscribe = connect;
	}

	/**
	 * Whether an instance hears its own writes (the default, as on redis), or not (as with
	 * the file system's poller).
	 */
	void echoOwnWrites(boolean echo) {
		this.echoOwnWrites = echo;
	}

	/** Every subscribed listener, to play a channel going down and coming back. */
	List<InvalidationListener> listeners() {
		return this.listeners;
	}

	/** Writes behind every instance's back, announcing nothing: a lost message. */
	void putSilently(String storeKey, byte[] value) {
		this.entries.put(storeKey, value);
	}

	BackendProvider provider() {
		return new BackendProvider() {

			@Override
			public String type() {
				return "announcing";
			}

			@Override
			public BackendTraits traits() {
				return new BackendTraits(true, false, null, false, true, true, false);
			}

			@Override
			public OpenedStore<String, byte[]> open(StoreContext context) {
				Store store = new Store(context.namespace());
				OpenedStore<String, byte[]> shared = OpenedStore.shared(store, context);
				return new OpenedStore<>(shared.store(), shared.keys(), shared.codec(),
						(listener) -> subscribe(listener, store));
			}

		};
	}

	private InvalidationChannel.Subscription subscribe(InvalidationListener listener, Store store) {
		this.owners.put(listener, store);
		this.listeners.add(listener);
		if (this.connectOnSubscribe) {
			listener.connected();
		}
		return () -> this.listeners.remove(listener);
	}

	private void announce(Store writer, String storeKey) {
		for (InvalidationListener listener : this.listeners) {
			if (this.echoOwnWrites || this.owners.get(listener) != writer) {
				listener.invalidated(storeKey);
			}
		}
	}

	private final class Store implements ByteStore {

		private final KeyNamespace namespace;

		Store(KeyNamespace namespace) {
			this.namespace = namespace;
		}

		/** No TTLs here: a touch of a present key only announces it, as redis does. */
		@Override
		public boolean touch(String key, Duration ttl) {
			if (!AnnouncingServer.this.entries.containsKey(key)) {
				return false;
			}
			announce(this, key);
			return true;
		}

		@Override
		public Optional<Duration> timeToLive(String key) {
			return AnnouncingServer.this.entries.containsKey(key) ? Optional.of(ExtendedCache.NEVER_EXPIRES)
					: Optional.empty();
		}

		/** Announces a clear, as redis does after an eviction by prefix. */
		@Override
		public int removeByPrefix(String prefix) {
			StringKeyPrefix matching = this.namespace.keysStartingWith(prefix);
			int removed = 0;
			for (String key : AnnouncingServer.this.entries.keySet()) {
				if (matching.matches(key) && AnnouncingServer.this.entries.remove(key) != null) {
					removed++;
				}
			}
			for (InvalidationListener listener : AnnouncingServer.this.listeners) {
				if (AnnouncingServer.this.echoOwnWrites || AnnouncingServer.this.owners.get(listener) != this) {
					listener.invalidatedAll();
				}
			}
			return removed;
		}

		@Override
		public byte @Nullable [] get(String key) {
			AnnouncingServer.this.reads.incrementAndGet();
			byte[] value = AnnouncingServer.this.entries.get(key);
			Consumer<String> hook = AnnouncingServer.this.afterRead;
			if (hook != null) {
				hook.accept(key);
			}
			return value;
		}

		@Override
		public void put(String key, byte[] value, Duration ttl) {
			AnnouncingServer.this.entries.put(key, value);
			announce(this, key);
		}

		@Override
		public byte @Nullable [] putIfAbsent(String key, byte[] value, Duration ttl) {
			byte[] present = AnnouncingServer.this.entries.putIfAbsent(key, value);
			if (present == null) {
				announce(this, key);
			}
			return present;
		}

		@Override
		public boolean remove(String key) {
			boolean removed = AnnouncingServer.this.entries.remove(key) != null;
			announce(this, key);
			return removed;
		}

		@Override
		public void clear() {
			AnnouncingServer.this.entries.clear();
			AnnouncingServer.this.listeners.forEach(InvalidationListener::invalidatedAll);
		}

		@Override
		public long increment(String key, long delta, Duration ttlIfCreated) {
			byte[] next = AnnouncingServer.this.entries.merge(key, text(delta),
					(old, added) -> text(Long.parseLong(new String(old)) + delta));
			announce(this, key);
			return Long.parseLong(new String(next));
		}

		private static byte[] text(long value) {
			return Long.toString(value).getBytes();
		}

	}

}
