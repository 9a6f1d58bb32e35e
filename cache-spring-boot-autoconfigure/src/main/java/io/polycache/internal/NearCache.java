package io.polycache.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStatistics;
import io.polycache.core.NearStatistics;
import io.polycache.spi.InvalidationChannel.Subscription;

/**
 * A cache on a shared store with a {@link NearTier} in front: reads that find a near copy
 * never reach the store; the others go to the cache behind ({@link StoreCache}, with its
 * single-flight loading, refresh-ahead, fail-open and statistics) and keep a near copy of
 * what they read, unless the key was invalidated while they read it.
 * <p>Every write through this cache (put, evict, clear, counters, bulk writes) reaches
 * the store first and then drops this instance's own near copy, so a read after the
 * write returns never sees the old value; other instances drop theirs when the store's
 * invalidation arrives. A write never fills the tier: the next read does.
 * <p>Refresh-ahead ({@code refresh-after}) is decided on reads that reach the store; a
 * near hit serves the copy as it is, for at most {@code near.ttl}.
 * <p>Thread-safe.
 */
final class NearCache extends AbstractValueAdaptingCache implements AssembledCache {

	private final StoreCache<?, ?> store;

	private final NearTier tier;

	private final @Nullable Subscription subscription;

	private final boolean autoRefreshes;

	/** Loads through this cache, one per key at a time: see {@link #get(Object, Callable)}. */
	private final SingleFlight loads = new SingleFlight();

	NearCache(StoreCache<?, ?> store, NearTier tier, @Nullable Subscription subscription) {
		super(store.isAllowNullValues());
		this.store = store;
		this.tier = tier;
		this.subscription = subscription;
		this.autoRefreshes = store.settings().autoRefreshes();
	}

	@Override
	public String getName() {
		return this.store.getName();
	}

	/** The store behind the shared cache. */
	@Override
	public Object getNativeCache() {
		return this.store.getNativeCache();
	}

	@Override
	public CacheSettings settings() {
		return this.store.settings();
	}

	@Override
	public SettingsChange.Applied change(SettingsChange change) {
		return this.store.change(change, this.tier);
	}

	@Override
	public List<String> changeableSettings() {
		List<String> changeable = new ArrayList<>(this.store.changeableSettings());
		changeable.add("near.max-entries");
		changeable.add("near.ttl");
		return List.copyOf(changeable);
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		String form = form(key);
		Object copy = this.tier.get(form);
		if (copy != null) {
			nearHit(key);
			return copy;
		}
		long ticket = this.tier.ticket(form);
		ValueWrapper found = this.store.get(key);
		if (found == null) {
			return null;
		}
		Object storeValue = toStoreValue(found.get());
		this.tier.fill(form, storeValue, ticket);
		return storeValue;
	}

	/** A read served from the tier is a read of the key all the same: auto-refresh keeps it fresh. */
	private void nearHit(Object key) {
		if (this.autoRefreshes) {
			this.store.noteRead(key);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		String form = form(key);
		Object copy = this.tier.get(form);
		if (copy != null) {
			nearHit(key);
			return (T) fromStoreValue(copy);
		}
		try {
			// One caller per key reads the store and fills, with its own ticket; those who join
			// it get its value without filling, as it may have been read before their ticket.
			return (T) this.loads.load(form, () -> {
				long ticket = this.tier.ticket(form);
				T value = this.store.get(key, valueLoader);
				fill(form, value, ticket);
				return value;
			});
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
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
		String form = form(key);
		Object copy = this.tier.get(form);
		if (copy != null) {
			nearHit(key);
			return CompletableFuture.completedFuture((T) fromStoreValue(copy));
		}
		return this.loads.loadAsync(form, () -> {
			long ticket = this.tier.ticket(form);
			return this.store.retrieve(key, valueLoader).thenApply((value) -> {
				fill(form, value, ticket);
				return value;
			});
		}).thenApply((value) -> (T) value);
	}

	/** Keeps a near copy of a value the cache behind returned, if it may be cached. */
	private void fill(String form, @Nullable Object value, long ticket) {
		if (value != null || isAllowNullValues()) {
			this.tier.fill(form, toStoreValue(value), ticket);
		}
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		write(key, () -> this.store.put(key, value));
	}

	@Override
	public void put(Object key, @Nullable Object value, Duration ttl) {
		write(key, () -> this.store.put(key, value, ttl));
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		return writeAndAnswer(key, () -> this.store.putIfAbsent(key, value));
	}

	@Override
	public boolean add(Object key, @Nullable Object value, Duration ttl) {
		return writeAndAnswer(key, () -> this.store.add(key, value, ttl));
	}

	@Override
	public void evict(Object key) {
		evictIfPresent(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return writeAndAnswer(key, () -> this.store.evictIfPresent(key));
	}

	@Override
	public long increment(Object key, long delta) {
		return writeAndAnswer(key, () -> this.store.increment(key, delta));
	}

	@Override
	public void clear() {
		try {
			this.store.clear();
		}
		finally {
			this.tier.invalidateAll();
		}
	}

	@Override
	public boolean invalidate() {
		try {
			return this.store.invalidate();
		}
		finally {
			this.tier.invalidateAll();
		}
	}

	/** Runs a write of the key on the store, then drops this instance's copy, even if it failed. */
	private void write(Object key, Runnable write) {
		writeAndAnswer(key, () -> {
			write.run();
			return null;
		});
	}

	/** {@link #write} that returns what the store answered. */
	private <T extends @Nullable Object> T writeAndAnswer(Object key, Supplier<T> write) {
		String form = form(key);
		try {
			return write.get();
		}
		finally {
			this.tier.invalidate(form);
		}
	}

	@Override
	public boolean contains(Object key) {
		return this.tier.contains(form(key)) || this.store.contains(key);
	}

	/**
	 * Touches the entry in the store, then drops this instance's near copy, which was
	 * given the old expiry's time to live; on redis, the store announces the touch to the
	 * other instances, which drop theirs.
	 */
	@Override
	public boolean touch(Object key, Duration ttl) {
		return writeAndAnswer(key, () -> this.store.touch(key, ttl));
	}

	/** The store's answer: a near copy does not know its entry's expiry. */
	@Override
	public Optional<Duration> timeToLive(Object key) {
		return this.store.timeToLive(key);
	}

	/**
	 * Evicts the matching entries from the store, then drops every near copy of this
	 * instance (they are keyed by form, and an eviction by prefix is rare and broad); on
	 * redis, the store announces a clear to the other instances.
	 */
	@Override
	public int evictByPrefix(String prefix) {
		try {
			return this.store.evictByPrefix(prefix);
		}
		finally {
			this.tier.invalidateAll();
		}
	}

	@Override
	public <K> Map<K, @Nullable Object> getAll(Collection<K> keys) {
		Map<K, @Nullable Object> near = new LinkedHashMap<>();
		Map<K, String> forms = new LinkedHashMap<>();
		Map<K, Long> tickets = new LinkedHashMap<>();
		for (K key : keys) {
			String form = form(key);
			Object copy = this.tier.get(form);
			if (copy != null) {
				near.put(key, fromStoreValue(copy));
			}
			else {
				forms.put(key, form);
				tickets.put(key, this.tier.ticket(form));
			}
		}
		Map<K, @Nullable Object> found = forms.isEmpty() ? Map.of() : this.store.getAll(forms.keySet());
		found.forEach((key, value) -> fill(forms.get(key), value, tickets.get(key)));
		Map<K, @Nullable Object> result = new LinkedHashMap<>();
		for (K key : keys) {
			if (near.containsKey(key)) {
				result.put(key, near.get(key));
			}
			else if (found.containsKey(key)) {
				result.put(key, found.get(key));
			}
		}
		return result;
	}

	@Override
	public void putAll(Map<?, ?> entries) {
		List<String> forms = forms(entries.keySet());
		try {
			this.store.putAll(entries);
		}
		finally {
			forms.forEach(this.tier::invalidate);
		}
	}

	@Override
	public int evictAll(Collection<?> keys) {
		List<String> forms = forms(keys);
		try {
			return this.store.evictAll(keys);
		}
		finally {
			forms.forEach(this.tier::invalidate);
		}
	}

	@Override
	public OptionalLong size() {
		return this.store.size();
	}

	@Override
	public int removeExpired() {
		return this.store.removeExpired();
	}

	/** Every read the application made: near hits count as hits, the rest as the store counted them. */
	@Override
	public CacheStatistics statistics() {
		CacheStatistics shared = this.store.statistics();
		NearStatistics near = this.tier.statistics();
		return new CacheStatistics(shared.hits() + near.hits(), shared.misses(), shared.puts(), shared.evictions(),
				shared.expirations(), shared.loadSuccesses(), shared.loadFailures(), shared.refreshes(),
				shared.refreshFailures());
	}

	@Override
	public Optional<NearStatistics> nearStatistics() {
		return Optional.of(this.tier.statistics());
	}

	/** Stops the invalidations, then closes the near copies and the store. */
	@Override
	public void close() {
		try {
			if (this.subscription != null) {
				this.subscription.close();
			}
		}
		finally {
			try {
				this.tier.copies().close();
			}
			finally {
				this.store.close();
			}
		}
	}

	@Override
	public StoreCache<?, ?> storeCache() {
		return this.store;
	}

	/** The near tier, for tests. */
	NearTier tier() {
		return this.tier;
	}

	/** The key's form: what the near tier keys its copy by, and what follows the namespace in the store. */
	private String form(@Nullable Object key) {
		if (key == null) {
			// Not Assert.notNull with a message supplier: its capturing lambda may be allocated on every hit.
			throw new IllegalArgumentException("Cache '" + getName() + "' does not accept null keys");
		}
		return KeyEncoder.encode(key);
	}

	private List<String> forms(Collection<?> keys) {
		List<String> forms = new ArrayList<>(keys.size());
		keys.forEach((key) -> forms.add(form(key)));
		return forms;
	}

	@Override
	public String toString() {
		return "NearCache[" + getName() + ", near tier in front of " + this.store + "]";
	}

}
