package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheStore;
import io.polycache.core.Expiry;

/**
 * A {@link CacheStore} on memcached, through a {@link SharedMemcachedClient}.
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
final class MemcachedStore implements CacheStore {

	private static final int MAX_ATTEMPTS = 16;

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

	MemcachedStore(SharedMemcachedClient shared, String cacheName, MemcachedKeys keys,
			Duration generationCheckInterval, Clock clock) {
		this.shared = shared;
		this.client = shared.nativeClient();
		this.cacheName = cacheName;
		this.keys = keys;
		this.generation = new NamespaceGeneration(shared, keys.generationKey(), generationCheckInterval);
		this.clock = clock;
		this.timeout = shared.settings().operationTimeout().toMillis();
	}

	/** The memcached key an application key maps to now. */
	String serverKey(Object key) {
		if (!(key instanceof String text)) {
			throw new IllegalArgumentException(
					"The memcached store takes string keys, not " + key.getClass().getName());
		}
		return this.keys.key(this.generation.current(), text);
	}

	/** The key that holds this cache's namespace generation. */
	String generationKey() {
		return this.keys.generationKey();
	}

	@Override
	public @Nullable Object get(Object key) {
		MemcachedItem item = fetch(serverKey(key));
		return (item != null) ? item.liveValue(this.clock.millis()) : null;
	}

	@Override
	public void put(Object key, Object value, Duration ttl) {
		String serverKey = serverKey(key);
		MemcachedItem item = checkSize(serverKey, MemcachedItem.record(bytes(value), expiresAt(ttl)));
		boolean stored = call("set", serverKey,
				() -> this.client.set(serverKey, exptime(ttl), item, ItemTranscoder.INSTANCE, this.timeout));
		if (!stored) {
			throw new MemcachedAccessException("memcached did not store '" + serverKey + "'");
		}
	}

	@Override
	public @Nullable Object putIfAbsent(Object key, Object value, Duration ttl) {
		String serverKey = serverKey(key);
		MemcachedItem item = checkSize(serverKey, MemcachedItem.record(bytes(value), expiresAt(ttl)));
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
			Object live = present.getValue().liveValue(this.clock.millis());
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
	public boolean remove(Object key) {
		String serverKey = serverKey(key);
		return call("delete", serverKey, () -> this.client.delete(serverKey, this.timeout));
	}

	@Override
	public void clear() {
		this.generation.bump();
	}

	@Override
	public long increment(Object key, long delta, Duration ttlIfCreated) {
		String serverKey = serverKey(key);
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
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
			// Fail before memcached silently wraps around at 2^64.
			Math.addExact(item.counterValue(), delta);
			// Should the counter vanish in between, xmemcached adds it with the initial value.
			return (delta >= 0)
					? call("incr", serverKey, () -> this.client.incr(serverKey, delta, start, this.timeout))
					: call("decr", serverKey,
							() -> this.client.decr(serverKey, Math.negateExact(delta), 0, this.timeout));
		}
		throw contended("increment", serverKey);
	}

	@Override
	public Map<Object, Object> getAll(Collection<?> keys) {
		Map<String, Object> byServerKey = new LinkedHashMap<>();
		for (Object key : keys) {
			byServerKey.put(serverKey(key), key);
		}
		Map<Object, Object> found = new LinkedHashMap<>();
		if (byServerKey.isEmpty()) {
			return found;
		}
		Map<String, MemcachedItem> items = call("multi-get", byServerKey.keySet().iterator().next(),
				() -> this.client.get(byServerKey.keySet(), this.timeout, ItemTranscoder.INSTANCE));
		long now = this.clock.millis();
		byServerKey.forEach((serverKey, key) -> {
			MemcachedItem item = (items != null) ? items.get(serverKey) : null;
			Object value = (item != null) ? item.liveValue(now) : null;
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

	private static byte[] bytes(Object value) {
		if (value instanceof byte[] bytes) {
			return bytes;
		}
		throw new IllegalArgumentException("The memcached store keeps bytes; the cache must serialize "
				+ value.getClass().getName() + " first");
	}

	private <T> T call(String operation, String serverKey, MemcachedCalls.Call<T> call) {
		return MemcachedCalls.call(this.shared, operation, serverKey, call);
	}

	private IllegalStateException notACounter(Object key) {
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
