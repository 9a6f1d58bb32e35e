package io.polycache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.util.Assert;

/**
 * The one Spring {@link org.springframework.cache.Cache} implementation, over any
 * {@link CacheStore}. It owns what every backend shares: the {@code null} marker, key
 * mapping, the default TTL, single-flight loading and statistics.
 * <p>Thread-safe. {@link #get(Object, Callable)} and {@link #retrieve(Object, Supplier)}
 * load each key once at a time within this JVM: concurrent callers for the same key wait
 * for that one load and share its value or its failure; different keys load in parallel.
 */
public final class StoreCache extends AbstractValueAdaptingCache implements ExtendedCache {

	private final CacheSettings settings;

	private final CacheStore store;

	private final KeyMapper keys;

	private final StatsCounter stats;

	/** Loads under way, by store key; an entry lives only while its load runs. */
	private final ConcurrentMap<Object, CompletableFuture<@Nullable Object>> loads = new ConcurrentHashMap<>();

	/**
	 * @param settings the cache's settings: its name, TTL and null handling
	 * @param store where entries live
	 * @param keys how application keys become store keys
	 * @param stats the counters the store also records evictions and expirations in
	 */
	public StoreCache(CacheSettings settings, CacheStore store, KeyMapper keys, StatsCounter stats) {
		super(settings.cacheNullValues());
		this.settings = settings;
		this.store = store;
		this.keys = keys;
		this.stats = stats;
	}

	@Override
	public String getName() {
		return this.settings.name();
	}

	/** The {@link CacheStore} behind this cache. */
	@Override
	public CacheStore getNativeCache() {
		return this.store;
	}

	@Override
	public CacheSettings settings() {
		return this.settings;
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		return countedGet(storeKey(key));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		Object storeKey = storeKey(key);
		Object cached = countedGet(storeKey);
		if (cached != null) {
			return (T) fromStoreValue(cached);
		}
		CompletableFuture<@Nullable Object> load = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> running = this.loads.putIfAbsent(storeKey, load);
		if (running != null) {
			return (T) fromStoreValue(awaitLoad(running, key, valueLoader));
		}
		try {
			// A load that finished between our miss and our registration has stored its value.
			Object stored = this.store.get(storeKey);
			Object value = (stored != null) ? stored : loadAndStore(storeKey, valueLoader);
			load.complete(value);
			return (T) fromStoreValue(value);
		}
		catch (Throwable ex) {
			load.completeExceptionally(ex);
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		finally {
			this.loads.remove(storeKey, load);
		}
	}

	private @Nullable Object loadAndStore(Object storeKey, Callable<?> valueLoader) throws Exception {
		Object loaded = valueLoader.call();
		if (loaded == null && !isAllowNullValues()) {
			// Nothing may be cached; the caller still gets what the loader returned.
			return null;
		}
		Object storeValue = toStoreValue(loaded);
		storePut(storeKey, storeValue, this.settings.ttl());
		return storeValue;
	}

	private @Nullable Object awaitLoad(CompletableFuture<@Nullable Object> running, Object key,
			Callable<?> valueLoader) {
		try {
			return running.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		catch (ExecutionException ex) {
			throw new ValueRetrievalException(key, valueLoader, (ex.getCause() != null) ? ex.getCause() : ex);
		}
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		Object value = lookup(key);
		if (value == null) {
			return null;
		}
		return CompletableFuture.completedFuture(isAllowNullValues() ? toValueWrapper(value) : fromStoreValue(value));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		Object storeKey = storeKey(key);
		Object cached = countedGet(storeKey);
		if (cached != null) {
			return CompletableFuture.completedFuture((T) fromStoreValue(cached));
		}
		CompletableFuture<@Nullable Object> load = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> running = this.loads.putIfAbsent(storeKey, load);
		if (running != null) {
			return running.thenApply(value -> (T) fromStoreValue(value));
		}
		CompletableFuture<T> source;
		try {
			source = valueLoader.get();
		}
		catch (RuntimeException ex) {
			this.loads.remove(storeKey, load);
			load.completeExceptionally(ex);
			throw ex;
		}
		source.whenComplete((loaded, failure) -> {
			try {
				if (failure != null) {
					load.completeExceptionally(failure);
				}
				else if (loaded == null && !isAllowNullValues()) {
					load.complete(null);
				}
				else {
					Object storeValue = toStoreValue(loaded);
					storePut(storeKey, storeValue, this.settings.ttl());
					load.complete(storeValue);
				}
			}
			catch (Throwable ex) {
				load.completeExceptionally(ex);
			}
			finally {
				this.loads.remove(storeKey, load);
			}
		});
		return load.thenApply(value -> (T) fromStoreValue(value));
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		put(key, value, this.settings.ttl());
	}

	@Override
	public void put(Object key, @Nullable Object value, Duration ttl) {
		storePut(storeKey(key), toStoreValue(value), checkTtl(ttl));
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		Object existing = storePutIfAbsent(key, value, this.settings.ttl());
		return toValueWrapper(existing);
	}

	@Override
	public boolean add(Object key, @Nullable Object value, Duration ttl) {
		return storePutIfAbsent(key, value, checkTtl(ttl)) == null;
	}

	private @Nullable Object storePutIfAbsent(Object key, @Nullable Object value, Duration ttl) {
		Object existing = this.store.putIfAbsent(storeKey(key), toStoreValue(value), ttl);
		if (existing == null) {
			this.stats.recordPuts(1);
		}
		return existing;
	}

	private void storePut(Object storeKey, Object storeValue, Duration ttl) {
		this.store.put(storeKey, storeValue, ttl);
		this.stats.recordPuts(1);
	}

	@Override
	public void evict(Object key) {
		this.store.remove(storeKey(key));
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.store.remove(storeKey(key));
	}

	@Override
	public void clear() {
		this.store.clear();
	}

	@Override
	public boolean invalidate() {
		boolean hadEntries = this.store.size().orElse(0) > 0;
		this.store.clear();
		return hadEntries;
	}

	@Override
	public boolean contains(Object key) {
		return this.store.contains(storeKey(key));
	}

	@Override
	public <K> Map<K, @Nullable Object> getAll(Collection<K> keys) {
		Map<Object, K> byStoreKey = new LinkedHashMap<>();
		for (K key : keys) {
			byStoreKey.put(storeKey(key), key);
		}
		Map<Object, Object> found = this.store.getAll(byStoreKey.keySet());
		Map<K, @Nullable Object> result = new LinkedHashMap<>();
		found.forEach((storeKey, value) -> result.put(byStoreKey.get(storeKey), fromStoreValue(value)));
		for (int i = 0; i < found.size(); i++) {
			this.stats.recordHit();
		}
		for (int i = found.size(); i < byStoreKey.size(); i++) {
			this.stats.recordMiss();
		}
		return result;
	}

	@Override
	public void putAll(Map<?, ?> entries) {
		Map<Object, Object> storeEntries = new LinkedHashMap<>();
		entries.forEach((key, value) -> storeEntries.put(storeKey(key), toStoreValue(value)));
		this.store.putAll(storeEntries, this.settings.ttl());
		this.stats.recordPuts(storeEntries.size());
	}

	@Override
	public int evictAll(Collection<?> keys) {
		List<Object> storeKeys = new ArrayList<>(keys.size());
		for (Object key : keys) {
			storeKeys.add(storeKey(key));
		}
		return this.store.removeAll(storeKeys);
	}

	@Override
	public long increment(Object key, long delta) {
		return this.store.increment(storeKey(key), delta, this.settings.ttl());
	}

	@Override
	public OptionalLong size() {
		return this.store.size();
	}

	@Override
	public int removeExpired() {
		return this.store.removeExpired();
	}

	@Override
	public CacheStatistics statistics() {
		return this.stats.snapshot();
	}

	private @Nullable Object countedGet(Object storeKey) {
		Object value = this.store.get(storeKey);
		if (value != null) {
			this.stats.recordHit();
		}
		else {
			this.stats.recordMiss();
		}
		return value;
	}

	private Object storeKey(@Nullable Object key) {
		Assert.notNull(key, () -> "Cache '" + getName() + "' does not accept null keys");
		return this.keys.toStoreKey(key);
	}

	private Duration checkTtl(Duration ttl) {
		Assert.isTrue(!ttl.isNegative(), () -> "TTL for cache '" + getName() + "' must not be negative: " + ttl);
		return ttl;
	}

	@Override
	public String toString() {
		return "StoreCache[" + getName() + " on " + this.store + "]";
	}

}
