package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import org.jspecify.annotations.Nullable;

import io.polycache.core.RemovalCause;
import io.polycache.internal.Expiry;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.ByteStore;
import io.polycache.spi.StoreEvents;

/**
 * A {@link ByteStore} on memcached, through a {@link SharedMemcachedClient}.
 * <p>Each key becomes {@code {key-prefix}{cache}:{generation}:k2:{version}:{key}}, made legal
 * by {@link MemcachedKeys}. Values are {@link MemcachedItem} records that carry their own
 * millisecond expiry, checked against the store's clock on every read. {@code putIfAbsent}
 * is memcached's {@code add} (with a compare-and-swap over an item that has passed its own
 * expiry but not yet the server's). Counters are memcached's own: decimal text changed by
 * {@code incr} and {@code decr}, so they are atomic across every instance; a missing or
 * expired counter is created with {@code add} (or a compare-and-swap) and the operation
 * retried if another instance got there first. memcached counters are unsigned:
 * decrementing below zero leaves zero. {@code clear} bumps the cache's
 * {@link NamespaceGeneration}. A value larger than the servers' item size limit is
 * refused before it is sent. {@link #getAll} is one multi-get.
 * <p>memcached cannot count or list a cache's entries, so {@link #size()} is unknown and
 * {@link #removeExpired()} reclaims nothing itself: the server reclaims expired items.
 * {@link #remove} reports an item whose own expiry has passed, but that the server still
 * held, as removed.
 * <p>Thread-safe. Closing the store leaves the shared client open.
 */
final class MemcachedStore implements ByteStore {

	private static final int MAX_ATTEMPTS = 16;

	/** Counters retry longer, with a short random back-off: many instances may share one. */
	private static final int MAX_COUNTER_ATTEMPTS = 64;

	/** Up to here, increments use memcached's own {@code incr}: 2^62. */
	static final long NATIVE_LIMIT = 1L << 62;

	/** The largest increment sent as {@code incr}: 2^32. */
	static final long MAX_NATIVE_DELTA = 1L << 32;

	/** memcached's per-item overhead beyond key and value, with room to spare. */
	private static final int ITEM_OVERHEAD = 96;

	private final SharedMemcachedClient shared;

	private final MemcachedClient client;

	private final String cacheName;

	private final MemcachedKeys keys;

	private final NamespaceGeneration generation;

	private final Clock clock;

	private final Clock wallClock = Clock.systemUTC();

	private final long timeout;

	private final StoreEvents events;

	private final boolean reporting;

	/** Runs before each call to memcached, given the operation and the key; tests interleave with it. */
	private final BiConsumer<String, String> beforeCall;

	MemcachedStore(SharedMemcachedClient shared, String cacheName, MemcachedKeys keys,
			Duration generationCheckInterval, Clock clock) {
		this(shared, cacheName, keys, generationCheckInterval, clock, (operation, serverKey) -> {
		});
	}

	MemcachedStore(SharedMemcachedClient shared, String cacheName, MemcachedKeys keys,
			Duration generationCheckInterval, Clock clock, BiConsumer<String, String> beforeCall) {
		this(shared, cacheName, keys, generationCheckInterval, clock, beforeCall, new StatsCounter());
	}

	/**
	 * @param events where the explicit removals this instance makes are counted and
	 * reported; memcached tells no one of expiry or eviction, and a clear moves the cache
	 * to a new generation without touching (or counting) its items
	 */
	MemcachedStore(SharedMemcachedClient shared, String cacheName, MemcachedKeys keys,
			Duration generationCheckInterval, Clock clock, BiConsumer<String, String> beforeCall,
			StoreEvents events) {
		this.events = events;
		this.reporting = events.reportsRemovals();
		this.beforeCall = beforeCall;
		this.shared = shared;
		this.client = shared.nativeClient();
		this.cacheName = cacheName;
		this.keys = keys;
		this.generation = new NamespaceGeneration(shared, keys.generationKey(), generationCheckInterval);
		this.clock = clock;
		this.timeout = shared.settings().operationTimeout().toMillis();
	}

	/** The memcached key an application key maps to now. */
	String serverKey(String key) {
		return this.keys.key(this.generation.current(), key);
	}

	/** The key that holds this cache's namespace generation. */
	String generationKey() {
		return this.keys.generationKey();
	}

	@Override
	public byte @Nullable [] get(String key) {
		MemcachedItem item = fetch(serverKey(key));
		return (item != null) ? item.liveValue(this.clock.millis()) : null;
	}

	@Override
	public void put(String key, byte[] value, Duration ttl) {
		String serverKey = serverKey(key);
		MemcachedItem item = checkSize(serverKey, MemcachedItem.record(value, expiresAt(ttl)));
		boolean stored = call("set", serverKey,
				() -> this.client.set(serverKey, exptime(ttl), item, ItemTranscoder.INSTANCE, this.timeout));
		if (!stored) {
			throw new MemcachedAccessException("memcached did not store '" + serverKey + "'");
		}
	}

	@Override
	public byte @Nullable [] putIfAbsent(String key, byte[] value, Duration ttl) {
		String serverKey = serverKey(key);
		MemcachedItem item = checkSize(serverKey, MemcachedItem.record(value, expiresAt(ttl)));
		int exptime = exptime(ttl);
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			if (call("add", serverKey,
					() -> this.client.add(serverKey, exptime, item, ItemTranscoder.INSTANCE, this.timeout))) {
				return null;
			}
			GetsResponse<MemcachedItem> present = fetchWithCas(serverKey);
			if (present == null) {
				continue;
			}
			byte[] live = present.getValue().liveValue(this.clock.millis());
			if (live != null) {
				return live;
			}
			if (replace(serverKey, exptime, item, present.getCas())) {
				return null;
			}
		}
		throw contended("putIfAbsent", serverKey);
	}

	@Override
	public boolean remove(String key) {
		String serverKey = serverKey(key);
		boolean deleted = call("delete", serverKey, () -> this.client.delete(serverKey, this.timeout));
		if (deleted) {
			this.events.recordRemovals(RemovalCause.EXPLICIT, 1);
			if (this.reporting) {
				this.events.removed(RemovalCause.EXPLICIT, key, null);
			}
		}
		return deleted;
	}

	@Override
	public void clear() {
		this.generation.bump();
	}

	/**
	 * A compare-and-swap of the item with its new expiry, sent to memcached and written into
	 * the item's own (memcached's {@code touch} command changes only the server's, and the
	 * item would still hide itself at the old one); retried while other writers change it.
	 * The value stays as it was.
	 */
	@Override
	public boolean touch(String key, Duration ttl) {
		String serverKey = serverKey(key);
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			GetsResponse<MemcachedItem> present = fetchWithCas(serverKey);
			if (present == null || present.getValue().isExpired(this.clock.millis())) {
				return false;
			}
			MemcachedItem touched = present.getValue().withExpiry(expiresAt(ttl));
			if (replace(serverKey, exptime(ttl), touched, present.getCas())) {
				return true;
			}
		}
		throw contended("touch", serverKey);
	}

	/** The item's own expiry: memcached does not tell an item's expiry, but the item carries it. */
	@Override
	public Optional<Duration> timeToLive(String key) {
		MemcachedItem item = fetch(serverKey(key));
		long now = this.clock.millis();
		if (item == null || item.isExpired(now) || item.ownExpiry() < 0) {
			return Optional.empty();
		}
		return Optional.of(Expiry.remaining((item.ownExpiry() == 0) ? Expiry.NEVER : item.ownExpiry(), now));
	}

	/** Refuses: memcached cannot list the keys it holds. */
	@Override
	public int removeByPrefix(String prefix) {
		throw new UnsupportedOperationException("Cache '" + this.cacheName + "' is on memcached, which cannot list "
				+ "the keys it holds, so it cannot evict by prefix. Evict the keys one by one (evictAll), or clear "
				+ "the whole cache (a new namespace generation), or keep such keys on redis, the file system or "
				+ "local memory");
	}

	@Override
	public long increment(String key, long delta, Duration ttlIfCreated) {
		String serverKey = serverKey(key);
		for (int attempt = 0; attempt < MAX_COUNTER_ATTEMPTS; attempt++) {
			GetsResponse<MemcachedItem> present = fetchWithCas(serverKey);
			long start = Math.max(delta, 0);
			MemcachedItem created = MemcachedItem.counter(start, expiresAt(ttlIfCreated));
			int exptime = exptime(ttlIfCreated);
			if (present == null) {
				if (call("add", serverKey,
						() -> this.client.add(serverKey, exptime, created, ItemTranscoder.INSTANCE, this.timeout))) {
					return start;
				}
				continue;
			}
			MemcachedItem item = present.getValue();
			if (item.isExpired(this.clock.millis())) {
				if (replace(serverKey, exptime, created, present.getCas())) {
					return start;
				}
				continue;
			}
			if (!item.isCounter()) {
				throw notACounter(key);
			}
			Long changed = change(serverKey, item, delta, present.getCas());
			if (changed != null) {
				return changed;
			}
			// The counter vanished (evicted, expired, removed) or changed since it was read.
			backOff(attempt);
		}
		throw contended("increment", serverKey);
	}

	/**
	 * Applies {@code delta} to a live counter read with {@code cas}.
	 * <p>memcached's {@code incr} wraps around at 2^64 and its {@code decr} stops at zero.
	 * So a decrement is {@code decr}: a counter is never negative. An increment that
	 * would pass {@code Long.MAX_VALUE} fails and changes nothing. From a counter below
	 * 2^62 and by at most 2^32, it is {@code incr}, atomic on the server and never near
	 * the limit. Otherwise it is a compare-and-swap of the exact sum, so two instances can
	 * never both take the last room. (The one way past the limit: {@code incr}s that read
	 * the counter below 2^62 still in flight while another increment takes it, in one step
	 * of more than 2^61, to within their total of {@code Long.MAX_VALUE}.)
	 * @return the new value, or {@code null} if the counter vanished or changed since it
	 * was read
	 */
	private @Nullable Long change(String serverKey, MemcachedItem item, long delta, long cas) {
		if (delta < 0) {
			long decrement = Math.negateExact(delta);
			return call("decr", serverKey,
					() -> CounterCommand.apply(this.client, serverKey, decrement, false, this.timeout));
		}
		long current = item.counterValue();
		long next = Math.addExact(current, delta);
		if (current <= NATIVE_LIMIT && delta <= MAX_NATIVE_DELTA) {
			return call("incr", serverKey,
					() -> CounterCommand.apply(this.client, serverKey, delta, true, this.timeout));
		}
		MemcachedItem sum = item.withCounterValue(next);
		return replace(serverKey, exptimeOf(item), sum, cas) ? next : null;
	}

	/** The expiry to send again for a counter that keeps its own: what is left of it. */
	private int exptimeOf(MemcachedItem counter) {
		long expiresAt = counter.counterExpiresAt();
		return (expiresAt == 0) ? 0 : exptime(Duration.ofMillis(Math.max(1, expiresAt - this.clock.millis())));
	}

	/** Lets the instance that won a race finish before trying again. */
	private static void backOff(int attempt) {
		if (attempt > 0) {
			LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(Math.min(attempt, 20) * 50_000L));
		}
	}

	@Override
	public Map<String, byte[]> getAll(Collection<? extends String> keys) {
		Map<String, String> byServerKey = new LinkedHashMap<>();
		for (String key : keys) {
			byServerKey.put(serverKey(key), key);
		}
		Map<String, byte[]> found = new LinkedHashMap<>();
		if (byServerKey.isEmpty()) {
			return found;
		}
		Map<String, MemcachedItem> items = call("multi-get", byServerKey.keySet().iterator().next(),
				() -> this.client.get(byServerKey.keySet(), this.timeout, ItemTranscoder.INSTANCE));
		long now = this.clock.millis();
		byServerKey.forEach((serverKey, key) -> {
			MemcachedItem item = (items != null) ? items.get(serverKey) : null;
			byte[] value = (item != null) ? item.liveValue(now) : null;
			if (value != null) {
				found.put(key, value);
			}
		});
		return found;
	}

	private @Nullable MemcachedItem fetch(String serverKey) {
		return call("get", serverKey, () -> this.client.get(serverKey, this.timeout, ItemTranscoder.INSTANCE));
	}

	private @Nullable GetsResponse<MemcachedItem> fetchWithCas(String serverKey) {
		return call("gets", serverKey, () -> this.client.gets(serverKey, this.timeout, ItemTranscoder.INSTANCE));
	}

	private boolean replace(String serverKey, int exptime, MemcachedItem item, long cas) {
		return call("cas", serverKey,
				() -> this.client.cas(serverKey, exptime, item, ItemTranscoder.INSTANCE, this.timeout, cas));
	}

	private MemcachedItem checkSize(String serverKey, MemcachedItem item) {
		long size = (long) item.data().length + serverKey.length() + ITEM_OVERHEAD;
		long limit = this.shared.settings().maxItemSize();
		if (size > limit) {
			throw new IllegalArgumentException("Cache '" + this.cacheName + "' cannot store a value of "
					+ item.data().length + " bytes in memcached: it exceeds the item size limit of " + limit
					+ " bytes (cache.memcached.max-item-size, the servers' -I option)");
		}
		return item;
	}

	private long expiresAt(Duration ttl) {
		// Memcached records say "never" with 0.
		return ttl.isZero() ? 0 : Expiry.at(this.clock.millis(), ttl);
	}

	private int exptime(Duration ttl) {
		return ServerExpiry.exptime(ttl, this.wallClock.millis());
	}

	private <T> T call(String operation, String serverKey, MemcachedCalls.Call<T> call) {
		this.beforeCall.accept(operation, serverKey);
		return MemcachedCalls.call(this.shared, operation, serverKey, call);
	}

	private IllegalStateException notACounter(String key) {
		return new IllegalStateException(
				"Cache '" + this.cacheName + "' holds a value under '" + key + "' that is not a counter");
	}

	private MemcachedAccessException contended(String operation, String serverKey) {
		return new MemcachedAccessException("memcached " + operation + " of '" + serverKey + "' gave up after "
				+ MAX_ATTEMPTS + " attempts: other writers kept changing it");
	}

	@Override
	public String toString() {
		return this.shared.toString();
	}

}
