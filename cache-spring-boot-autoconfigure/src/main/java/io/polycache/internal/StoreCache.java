package io.polycache.internal;

import java.time.Clock;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.util.Assert;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStatistics;
import io.polycache.core.RemovalCause;
import io.polycache.core.ExtendedCache;
import io.polycache.core.NearSettings;
import io.polycache.core.TtlPolicy;
import io.polycache.core.ValueSerializationException;
import io.polycache.spi.CacheStore;
import io.polycache.spi.KeyMapper;
import io.polycache.spi.Leases;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.ResizableStore;
import io.polycache.spi.ValueCodec;
import io.polycache.spi.ValueCodec.Loaded;

/**
 * The one Spring {@link org.springframework.cache.Cache} implementation, over any
 * {@link CacheStore}. It owns what every backend shares: the {@code null} marker, key
 * mapping, value encoding, TTLs (configured or chosen by a {@link TtlPolicy}),
 * single-flight loading, refresh-ahead and statistics.
 * <p>Thread-safe. {@link #get(Object, Callable)} and {@link #retrieve(Object, Supplier)}
 * load each key once at a time within this JVM: concurrent callers for the same key wait
 * for that one load and share its value or its failure; different keys load in parallel.
 * A stored value that cannot be read back (corrupt, naming a class outside the
 * serializer's allow-list, beyond the serializer's limits, or failing with any
 * {@code Throwable} while decoding) is a miss, is removed, and is logged at most once per
 * ten seconds; concurrent readers of the same stored bytes wait for one decode (see
 * {@link StoredValueReader}).
 * <p>Why one class of about 800 lines: it is Spring's {@code Cache} and Polycache's
 * {@link ExtendedCache}, some twenty public operations that callers reach through one
 * object; what they share is already elsewhere ({@link SingleFlight}, {@link ClusterFlight},
 * {@link RefreshAhead}, {@link AutoRefresh}, {@link StoredValueReader}, the
 * {@code ValueCodec}s, the stores' wrappers), so what is left here is each operation's few
 * lines of key mapping, encoding and counting, and the glue that decides when a value is
 * reloaded and under which lease (from {@code lookup} to {@code isDue}): about 150 lines
 * that would be the first to move to a class of their own.
 */
public final class StoreCache<K, V> extends AbstractValueAdaptingCache implements AssembledCache {

	/** How many different TTLs {@code ttl-jitter} spreads writes over. */
	private static final int JITTER_STEPS = 16;

	/** How often {@code putIfAbsent} tries again after finding unreadable bytes. */
	private static final int PUT_IF_ABSENT_ATTEMPTS = 8;

	/** Replaced only by {@link #change}, under {@link #changes}. */
	private volatile CacheSettings settings;

	private final CacheStore<K, V> store;

	/** The store's bound, if it keeps one in this process; {@code null} for a server's store. */
	private final @Nullable ResizableStore resizable;

	private final Object changes = new Object();

	private final KeyMapper<K> keys;

	private final ValueCodec<V> codec;

	private final StatsCounter stats;

	private final @Nullable TtlPolicy ttlPolicy;

	private final @Nullable RefreshAhead refreshAhead;

	private final RateLimitedLog valueFailures;

	private final StoredValueReader<K, V> values;

	private final SingleFlight loads = new SingleFlight();

	private final @Nullable ClusterFlight cluster;

	private final @Nullable AutoRefresh<K> autoRefresh;

	private final Consumer<? super K> reloaded;

	private StoreCache(Builder<K, V> builder) {
		super(builder.settings.cacheNullValues());
		this.settings = builder.settings;
		this.store = builder.store.store();
		this.resizable = builder.resizable;
		this.keys = builder.store.keys();
		this.codec = builder.store.codec();
		this.stats = builder.stats;
		this.ttlPolicy = builder.ttlPolicy;
		boolean refreshes = builder.settings.refreshes() || builder.settings.autoRefreshes();
		this.refreshAhead = (refreshes && builder.refreshExecutor != null)
				? new RefreshAhead(getName(), builder.settings.refreshAfter(), builder.clock, builder.refreshExecutor,
						builder.stats)
				: null;
		this.valueFailures = new RateLimitedLog(LogFactory.getLog(StoreCache.class), Duration.ofSeconds(10));
		this.values = new StoredValueReader<>(getName(), this.store, this.codec, this.valueFailures);
		this.reloaded = builder.reloaded;
		this.cluster = clusterFlight(builder.settings, builder.store.leases());
		this.autoRefresh = (this.refreshAhead != null && this.settings.autoRefreshes()) ? new AutoRefresh<>(getName(),
				this.settings.effectiveAutoRefreshIdle(), this.settings.maxEntries(), builder.clock, this::autoReload)
				: null;
		if (this.autoRefresh != null && builder.ticks != null) {
			this.autoRefresh.start(builder.ticks, this.settings.autoRefresh());
		}
	}

	private static @Nullable ClusterFlight clusterFlight(CacheSettings settings, @Nullable Leases leases) {
		if (!settings.clusterSingleFlight()) {
			return null;
		}
		if (leases == null) {
			throw new IllegalStateException("Cache '" + settings.name()
					+ "' loads with single-flight: cluster, and its store holds no leases");
		}
		return new ClusterFlight(settings.name(), leases, settings.singleFlightLease());
	}

	/** A builder for a cache with these settings over this store, its keys and its codec. */
	public static <K, V> Builder<K, V> builder(CacheSettings settings, OpenedStore<K, V> store) {
		return new Builder<>(settings, store);
	}

	/** A builder for a cache with these settings over this store of objects. */
	public static Builder<Object, Object> builder(CacheSettings settings, CacheStore<Object, Object> store) {
		return builder(settings, OpenedStore.objects(store));
	}

	@Override
	public String getName() {
		return this.settings.name();
	}

	/** The {@link CacheStore} behind this cache. */
	@Override
	public CacheStore<K, V> getNativeCache() {
		return this.store;
	}

	@Override
	public CacheSettings settings() {
		return this.settings;
	}

	@Override
	public SettingsChange.Applied change(SettingsChange change) {
		return change(change, null);
	}

	/**
	 * {@link #change(SettingsChange)}, with the near tier in front, if any, changed too.
	 * Everything that can refuse is checked, or done first, before anything changes.
	 */
	SettingsChange.Applied change(SettingsChange change, @Nullable NearTier tier) {
		change.checkValues();
		synchronized (this.changes) {
			List<String> main = change.mainSettings();
			if (!main.isEmpty() && this.resizable == null) {
				throw refused(main, "its store does not bound or expire its entries in this application");
			}
			if (change.touchesNear() && tier == null) {
				throw refused(change.nearSettings(), "it has no near tier (near.max-entries is 0)");
			}
			if (tier != null && change.nearTtl() != null && change.nearTtl().isZero() && !tier.hearsInvalidations()) {
				throw refused(List.of("near.ttl"), "its store cannot tell other instances that an entry changed, "
						+ "so a near copy must expire, and 0 would keep a stale copy forever");
			}
			CacheSettings before = this.settings;
			if (change.ttl() != null) {
				checkLongerThanRefresh(change.ttl(), "refresh-after", before.refreshAfter(), "due for a refresh");
				checkLongerThanRefresh(change.ttl(), "auto-refresh", before.autoRefresh(), "refreshed");
			}
			CacheSettings.Builder changed = before.toBuilder();
			if (change.maxEntries() != null && this.resizable != null) {
				try {
					this.resizable.resize(change.maxEntries());
				}
				catch (IllegalStateException ex) {
					throw refused(List.of("max-entries"), ex.getMessage());
				}
				catch (RuntimeException ex) {
					// Failed part-way (a file it could not delete): the store may keep the new
					// bound, so the settings say what it keeps.
					this.settings = before.toBuilder().maxEntries(this.resizable.maxEntries()).build();
					throw ex;
				}
				if (this.autoRefresh != null) {
					this.autoRefresh.resize(change.maxEntries());
				}
				changed.maxEntries(change.maxEntries());
			}
			if (change.ttl() != null) {
				changed.ttl(change.ttl());
			}
			if (tier != null && change.touchesNear()) {
				tier.change(change.nearMaxEntries(), change.nearTtl());
				NearSettings near = before.near();
				changed.near(new NearSettings(
						(change.nearMaxEntries() != null) ? change.nearMaxEntries() : near.maxEntries(),
						(change.nearTtl() != null) ? change.nearTtl() : near.ttl(), near.eviction()));
			}
			this.settings = changed.build();
			return new SettingsChange.Applied(before, this.settings);
		}
	}

	/**
	 * Refuses a TTL that a refresh period does not fit in, as start-up refuses it.
	 * @throws IllegalArgumentException naming both values
	 */
	private static void checkLongerThanRefresh(Duration ttl, String setting, Duration period, String what) {
		if (!ttl.isZero() && !period.isZero() && period.compareTo(ttl) >= 0) {
			throw new IllegalArgumentException("ttl " + ttl + " is not longer than " + setting + " of " + period
					+ ", so a value would expire before it is ever " + what);
		}
	}

	@Override
	public List<String> changeableSettings() {
		return (this.resizable != null) ? List.of("max-entries", "ttl") : List.of();
	}

	private SettingsChangeRefusedException refused(List<String> settings, @Nullable String reason) {
		return new SettingsChangeRefusedException(
				"Cannot change " + String.join(" and ", settings) + " of cache '" + getName() + "': " + reason);
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		K storeKey = storeKey(key);
		Object cached = countedRead(storeKey);
		if (this.refreshAhead != null && cached instanceof Loaded loaded) {
			refreshByReinvocation(storeKey, key, loaded);
		}
		return unwrap(cached);
	}

	/**
	 * A plain read by Spring's cache interceptor (a {@code @Cacheable} method without
	 * {@code sync}) refreshes a loaded value with the method's {@link Reinvocation}, and
	 * with {@code auto-refresh} schedules the key if it is not yet. Asks for the
	 * re-invocation only when it will use it (making it copies the method invocation): a
	 * hit on a value not yet due, and already scheduled, asks nothing.
	 */
	private void refreshByReinvocation(K storeKey, Object key, Loaded loaded) {
		boolean due = this.settings.refreshes() && this.refreshAhead.isDue(loaded);
		boolean schedules = this.autoRefresh != null && !this.autoRefresh.isScheduled(storeKey);
		if (due || schedules) {
			Callable<@Nullable Object> reinvocation = Reinvocation.current();
			if (reinvocation != null) {
				scheduleRefresh(storeKey, key, loaded, reinvocation);
				keepAutoRefreshed(storeKey, key, reinvocation);
			}
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		K storeKey = storeKey(key);
		Object cached = countedRead(storeKey);
		if (cached != null) {
			scheduleRefresh(storeKey, key, cached, valueLoader::call);
			keepAutoRefreshed(storeKey, key, valueLoader);
			return (T) fromStoreValue(unwrap(cached));
		}
		try {
			return (T) fromStoreValue(this.loads.load(storeKey, () -> {
				// A load that finished between our miss and our turn has stored its value.
				Object stored = storedValue(storeKey);
				if (stored != null) {
					return stored;
				}
				Callable<@Nullable Object> load = () -> {
					Object value = loadAndStore(storeKey, key, callLoader(valueLoader), false);
					keepAutoRefreshed(storeKey, key, valueLoader);
					return value;
				};
				return (this.cluster != null) ? this.cluster.load(key, () -> storedValue(storeKey), load) : load.call();
			}));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
	}

	private <T> @Nullable T callLoader(Callable<T> valueLoader) throws Exception {
		try {
			T loaded = valueLoader.call();
			this.stats.recordLoad(true);
			return loaded;
		}
		catch (Exception ex) {
			this.stats.recordLoad(false);
			throw ex;
		}
	}

	/**
	 * Stores a freshly loaded value, with its load time when refresh-ahead is on.
	 * @param reloaded whether a background reload stores it: it must not supersede itself
	 * @return the store value, or {@code null} if nothing may be cached for it
	 */
	private @Nullable Object loadAndStore(K storeKey, Object key, @Nullable Object loaded, boolean reloaded) {
		return loadAndStore(storeKey, key, loaded, reloaded, (this.refreshAhead != null) ? this.refreshAhead.now() : 0);
	}

	/** {@link #loadAndStore(Object, Object, Object, boolean)}, recording this load time. */
	private @Nullable Object loadAndStore(K storeKey, Object key, @Nullable Object loaded, boolean reloaded,
			long loadedAt) {
		if (!reloaded) {
			supersedeRefresh(storeKey);
		}
		if (loaded == null && !isAllowNullValues()) {
			// Nothing may be cached; the caller still gets what the loader returned.
			this.store.remove(storeKey);
			return null;
		}
		Object storeValue = toStoreValue(loaded);
		Object held = (this.refreshAhead != null) ? new Loaded(storeValue, loadedAt) : storeValue;
		encodeAndPut(storeKey, held, ttlFor(key, loaded));
		return storeValue;
	}

	private void scheduleRefresh(K storeKey, Object key, Object cached, Callable<?> reload) {
		if (this.refreshAhead != null && this.settings.refreshes() && cached instanceof Loaded loaded) {
			this.refreshAhead.refreshIfDue(storeKey, loaded, backgroundReload(storeKey, key, reload, null));
		}
	}

	/**
	 * With {@code auto-refresh}: the key, just loaded or read with this loader, is reloaded
	 * with it on schedule.
	 */
	private void keepAutoRefreshed(K storeKey, Object key, Callable<?> reloader) {
		if (this.autoRefresh != null && !this.autoRefresh.isScheduled(storeKey)) {
			this.autoRefresh.loaded(storeKey, key, reloader);
		}
	}

	/** The tick of {@code auto-refresh} reached a key that is still read: reload it if due. */
	private void autoReload(AutoRefresh.Scheduled<K> scheduled) {
		K storeKey = scheduled.storeKey;
		this.refreshAhead.refresh(storeKey,
				backgroundReload(storeKey, scheduled.key, scheduled.reloader, () -> isAutoRefreshDue(storeKey)));
	}

	/**
	 * Whether the stored value is due for its auto-refresh: gone (then it leaves the
	 * schedule: evicted or expired), or loaded more than about a period ago, here or on
	 * another instance, so instances sharing a store reload a key about once per period.
	 */
	private boolean isAutoRefreshDue(K storeKey) {
		Object stored = read(storeKey);
		if (stored == null) {
			this.autoRefresh.forget(storeKey);
			return false;
		}
		long period = this.settings.autoRefresh().toMillis();
		return !(stored instanceof Loaded loaded) || this.refreshAhead.now() - loaded.loadedAt() >= period - period / 8;
	}

	/**
	 * A background reload of the key that stores what {@code reload} returns, if the
	 * stored value is still {@code due} when it starts (by default: older than
	 * {@code refresh-after}, checked only with {@code single-flight: cluster}); with
	 * {@code single-flight: cluster}, only while this instance holds the key's lease.
	 */
	private RefreshAhead.Reload backgroundReload(K storeKey, Object key, Callable<?> reload,
			@Nullable BooleanSupplier due) {
		// An auto-refresh reload's value counts from the reload's start: timed from its end, a
		// reload slower than an eighth of the period would find its key not yet due the next one.
		long[] startedAt = {-1};
		Callable<?> timed = (due == null) ? reload : () -> {
			startedAt[0] = this.refreshAhead.now();
			return reload.call();
		};
		Consumer<@Nullable Object> store = (value) -> {
			loadAndStore(storeKey, key, value, true, (startedAt[0] >= 0) ? startedAt[0] : this.refreshAhead.now());
			this.reloaded.accept(storeKey);
		};
		if (this.cluster != null) {
			return this.cluster.guard(key, (due != null) ? due : () -> isDue(storeKey), timed, store);
		}
		return RefreshAhead.Reload.of((due == null) ? timed
				: () -> due.getAsBoolean() ? timed.call() : RefreshAhead.Reload.SKIPPED, store);
	}

	/**
	 * Whether the stored value is older than refresh-after. A value gone meanwhile (evicted
	 * or written through another instance) is not due: reloading it would bring it back.
	 */
	private boolean isDue(K storeKey) {
		Object stored = read(storeKey);
		if (stored == null) {
			return false;
		}
		return !(stored instanceof Loaded loaded) || this.refreshAhead == null || this.refreshAhead.isDue(loaded);
	}

	/**
	 * A write or eviction of the key is about to reach the store: a reload under way must
	 * not overwrite it, and one storing right now lands before it. Called before the store
	 * operation, never after: after it, a reload could still overwrite the new value.
	 */
	private void supersedeRefresh(K storeKey) {
		if (this.refreshAhead != null) {
			this.refreshAhead.supersede(storeKey);
		}
	}

	/** The key is about to be evicted: a reload under way must not bring it back, nor may auto-refresh. */
	private void forgetRefresh(K storeKey) {
		supersedeRefresh(storeKey);
		if (this.autoRefresh != null) {
			this.autoRefresh.forget(storeKey);
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
		K storeKey = storeKey(key);
		Object cached = countedRead(storeKey);
		if (cached != null) {
			scheduleRefresh(storeKey, key, cached, () -> valueLoader.get().join());
			keepAutoRefreshed(storeKey, key, () -> valueLoader.get().join());
			return CompletableFuture.completedFuture((T) fromStoreValue(unwrap(cached)));
		}
		Supplier<CompletableFuture<@Nullable Object>> start = () -> startAsyncLoad(storeKey, key, valueLoader);
		return this.loads
			.loadAsync(storeKey,
					(this.cluster != null) ? () -> this.cluster.loadAsync(key, () -> storedValue(storeKey), start) : start)
			.thenApply(value -> (T) fromStoreValue(value));
	}

	private <T> CompletableFuture<@Nullable Object> startAsyncLoad(K storeKey, Object key,
			Supplier<CompletableFuture<T>> valueLoader) {
		return valueLoader.get().handle((loaded, failure) -> {
			this.stats.recordLoad(failure == null);
			if (failure != null) {
				throw (failure instanceof CompletionException completion) ? completion
						: new CompletionException(failure);
			}
			Object stored = loadAndStore(storeKey, key, loaded, false);
			keepAutoRefreshed(storeKey, key, () -> valueLoader.get().join());
			return stored;
		});
	}

	/**
	 * Stores the value. Put by Spring's cache interceptor for a {@code @Cacheable} method
	 * that can be called again ({@link Reinvocation}), it is stored with its load time, as
	 * a loader's value is, so that {@code refresh-after} applies to it, and with
	 * {@code auto-refresh} its key is scheduled with the re-invocation.
	 */
	@Override
	public void put(Object key, @Nullable Object value) {
		K storeKey = storeKey(key);
		Callable<@Nullable Object> reinvocation = (this.refreshAhead != null) ? Reinvocation.current() : null;
		Object storeValue = toStoreValue(value);
		write(storeKey, (reinvocation != null) ? new Loaded(storeValue, this.refreshAhead.now()) : storeValue,
				ttlFor(key, value));
		if (reinvocation != null) {
			keepAutoRefreshed(storeKey, key, reinvocation);
		}
	}

	@Override
	public void put(Object key, @Nullable Object value, Duration ttl) {
		write(storeKey(key), toStoreValue(value), checkTtl(ttl));
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		return toValueWrapper(putIfAbsent(key, value, ttlFor(key, value)));
	}

	@Override
	public boolean add(Object key, @Nullable Object value, Duration ttl) {
		K storeKey = storeKey(key);
		V encoded = encode(toStoreValue(value));
		if (encoded == null) {
			return false;
		}
		supersedeRefresh(storeKey);
		if (!this.store.add(storeKey, encoded, checkTtl(ttl))) {
			return false;
		}
		this.stats.recordPuts(1);
		return true;
	}

	/**
	 * Stores the value unless the key has a readable one. Unreadable bytes found there are
	 * removed and the put tried again, at most {@value #PUT_IF_ABSENT_ATTEMPTS} times: a
	 * store that keeps answering with unreadable bytes then counts as failing.
	 * @return the live value already present, or {@code null} when this one was stored
	 * (or, failing open, when the store kept answering with unreadable bytes)
	 */
	private @Nullable Object putIfAbsent(Object key, @Nullable Object value, Duration ttl) {
		K storeKey = storeKey(key);
		V encoded = encode(toStoreValue(value));
		if (encoded == null) {
			return null;
		}
		supersedeRefresh(storeKey);
		for (int attempt = 0; attempt < PUT_IF_ABSENT_ATTEMPTS; attempt++) {
			V existing = this.store.putIfAbsent(storeKey, encoded, ttl);
			if (existing == null) {
				this.stats.recordPuts(1);
				return null;
			}
			Object decoded = unwrap(decode(storeKey, existing));
			if (decoded != null) {
				return decoded;
			}
			// Unreadable bytes were removed: the slot is free for this value now.
		}
		IllegalStateException failure = new IllegalStateException("Cache '" + getName() + "' gave up putIfAbsent after "
				+ PUT_IF_ABSENT_ATTEMPTS + " attempts: the store kept answering with values it cannot read back");
		if (!this.settings.failOpen()) {
			throw failure;
		}
		this.valueFailures.warn(failure.getMessage() + "; the value is not cached", null);
		return null;
	}

	private void write(K storeKey, Object storeValue, Duration ttl) {
		supersedeRefresh(storeKey);
		encodeAndPut(storeKey, storeValue, ttl);
	}

	/** Encodes and stores the value; refresh-ahead is the caller's business. */
	private void encodeAndPut(K storeKey, Object storeValue, Duration ttl) {
		V encoded = encode(storeValue);
		if (encoded != null) {
			this.store.put(storeKey, encoded, ttl);
			this.stats.recordPuts(1);
		}
	}

	/** The encoded value, or {@code null} if it cannot be encoded and the cache fails open. */
	private @Nullable V encode(Object storeValue) {
		try {
			return this.codec.encode(storeValue);
		}
		catch (ValueSerializationException ex) {
			if (!this.settings.failOpen()) {
				throw ex;
			}
			this.valueFailures.warn("Cache '" + getName() + "' could not store a value; it is not cached", ex);
			return null;
		}
	}

	@Override
	public void evict(Object key) {
		evictIfPresent(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		K storeKey = storeKey(key);
		forgetRefresh(storeKey);
		return this.store.remove(storeKey);
	}

	@Override
	public void clear() {
		if (this.refreshAhead != null) {
			this.refreshAhead.supersedeAll();
		}
		if (this.autoRefresh != null) {
			this.autoRefresh.forgetAll();
		}
		this.store.clear();
	}

	@Override
	public boolean invalidate() {
		boolean hadEntries = this.store.size().orElse(0) > 0;
		clear();
		return hadEntries;
	}

	@Override
	public boolean contains(Object key) {
		return this.store.contains(storeKey(key));
	}

	/** The store's touch; neither a hit, a miss, a put nor a use of the entry. */
	@Override
	public boolean touch(Object key, Duration ttl) {
		return this.store.touch(storeKey(key), checkTtl(ttl));
	}

	/** The store's answer; neither a hit nor a miss. */
	@Override
	public Optional<Duration> timeToLive(Object key) {
		return this.store.timeToLive(storeKey(key));
	}

	/**
	 * Removes the matching entries from the store, after stopping refreshes that could
	 * store one of them again: every reload under way (it may only be refreshed later), and
	 * the auto-refresh of every matching key.
	 */
	@Override
	public int evictByPrefix(String prefix) {
		Assert.notNull(prefix, "Prefix must not be null");
		if (this.refreshAhead != null) {
			this.refreshAhead.supersedeAll();
		}
		if (this.autoRefresh != null) {
			this.autoRefresh.forgetIf((key) -> key instanceof String string && string.startsWith(prefix));
		}
		return this.store.removeByPrefix(prefix);
	}

	@Override
	public <T> Map<T, @Nullable Object> getAll(Collection<T> keys) {
		Map<K, T> byStoreKey = new LinkedHashMap<>();
		for (T key : keys) {
			byStoreKey.put(storeKey(key), key);
		}
		Map<T, @Nullable Object> result = new LinkedHashMap<>();
		this.store.getAll(byStoreKey.keySet()).forEach((storeKey, stored) -> {
			Object value = unwrap(decode(storeKey, stored));
			if (value != null) {
				result.put(byStoreKey.get(storeKey), fromStoreValue(value));
			}
		});
		this.stats.recordHits(result.size());
		this.stats.recordMisses(byStoreKey.size() - result.size());
		return result;
	}

	/**
	 * Stores every entry through the store's bulk put (one pipeline on redis), one call per
	 * distinct TTL when a {@link TtlPolicy} gives entries different ones. Keys and values
	 * are checked before anything is stored.
	 */
	@Override
	public void putAll(Map<?, ?> entries) {
		// One bulk write per distinct TTL: usually one, unless a TtlPolicy tells entries apart.
		Map<Duration, Map<K, V>> byTtl = new LinkedHashMap<>();
		entries.forEach((key, value) -> {
			V encoded = encode(toStoreValue(value));
			if (encoded != null) {
				byTtl.computeIfAbsent(ttlFor(key, value), (ttl) -> new LinkedHashMap<>()).put(storeKey(key), encoded);
			}
		});
		byTtl.forEach((ttl, batch) -> {
			batch.keySet().forEach(this::supersedeRefresh);
			this.store.putAll(batch, ttl);
			this.stats.recordPuts(batch.size());
		});
	}

	@Override
	public int evictAll(Collection<?> keys) {
		List<K> storeKeys = new ArrayList<>(keys.size());
		for (Object key : keys) {
			K storeKey = storeKey(key);
			forgetRefresh(storeKey);
			storeKeys.add(storeKey);
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

	/**
	 * What the store holds for the key, decoded (a cached {@code null} as Spring's
	 * {@code NullValue}), without counting a read. For tests and the contract suite
	 * ({@code io.polycache.testfixtures}) only: public because the suite lives in another
	 * package, not part of any API.
	 */
	public @Nullable Object stored(Object key) {
		return storedValue(storeKey(key));
	}

	/** The decoded, unwrapped value under the store key, or {@code null}; not counted as a read. */
	private @Nullable Object storedValue(K storeKey) {
		return unwrap(read(storeKey));
	}

	/**
	 * How many entries left the store for {@code cause}, counted by the store whether or
	 * not a listener hears them: the {@code cache.removals} meter. Evictions and
	 * expirations are the {@link #statistics()}' own counts.
	 */
	public long removals(RemovalCause cause) {
		return this.stats.removals(cause);
	}

	/** Whether a removal listener hears this cache. */
	public boolean hasRemovalListener() {
		return this.stats.reportsRemovals();
	}

	/**
	 * How many of this cache's removals its listeners did not hear because their queue
	 * was full ({@code cache.removals.dropped}).
	 */
	public long removalsDropped() {
		return this.stats.removalsDropped();
	}

	/**
	 * How many callers waited for another instance's load ({@code single-flight: cluster});
	 * for tests and benchmarks, not part of any API.
	 */
	public long clusterWaits() {
		return (this.cluster != null) ? this.cluster.waits() : 0;
	}

	/**
	 * How many lease and value reads the callers counted by {@link #clusterWaits()} made
	 * while they waited; for tests and benchmarks, not part of any API.
	 */
	public long clusterWaiterCommands() {
		return (this.cluster != null) ? this.cluster.waiterCommands() : 0;
	}

	/** A near tier in front served the key: with auto-refresh, it counts as read. */
	void noteRead(Object key) {
		if (this.autoRefresh != null) {
			this.autoRefresh.read(storeKey(key));
		}
	}

	/** How many keys auto-refresh has scheduled; for tests and benchmarks, not part of any API. */
	public int autoRefreshScheduled() {
		return (this.autoRefresh != null) ? this.autoRefresh.scheduled() : 0;
	}

	/**
	 * Runs one tick of auto-refresh now, as its timer would; for tests that drive time by
	 * hand, not part of any API.
	 */
	public void autoRefreshTick() {
		if (this.autoRefresh != null) {
			this.autoRefresh.tick();
		}
	}

	/** How many keys refresh-ahead holds state for; for tests that check nothing leaks. */
	int trackedRefreshes() {
		return (this.refreshAhead != null) ? this.refreshAhead.tracked() : 0;
	}

	private @Nullable Object countedRead(K storeKey) {
		Object value = read(storeKey);
		if (value != null) {
			this.stats.recordHit();
			if (this.autoRefresh != null) {
				this.autoRefresh.read(storeKey);
			}
		}
		else {
			this.stats.recordMiss();
		}
		return value;
	}

	/** The decoded value under the key (possibly a {@link Loaded}), or {@code null}. */
	private @Nullable Object read(K storeKey) {
		V stored = this.store.get(storeKey);
		return (stored != null) ? decode(storeKey, stored) : null;
	}

	/** Decodes a stored value; one that cannot be read back is removed and reads as a miss. */
	private @Nullable Object decode(K storeKey, V stored) {
		return this.values.decode(storeKey, stored);
	}

	private static @Nullable Object unwrap(@Nullable Object value) {
		return (value instanceof Loaded loaded) ? loaded.value() : value;
	}

	private Duration ttlFor(Object key, @Nullable Object value) {
		Duration ttl = this.settings.ttl();
		if (this.ttlPolicy != null) {
			Duration chosen = this.ttlPolicy.ttl(getName(), key, value);
			ttl = (chosen != null) ? checkTtl(chosen) : ttl;
		}
		return jittered(ttl);
	}

	/**
	 * The TTL shortened by a random part of {@code ttl-jitter}, in one of
	 * {@value #JITTER_STEPS} steps, so entries written together expire over a span instead
	 * of at once, and a bulk write needs at most that many store calls. Forever stays
	 * forever; nothing is ever made to live longer than asked.
	 */
	private Duration jittered(Duration ttl) {
		if (this.settings.ttlJitter() == 0 || ttl.isZero()) {
			return ttl;
		}
		double cut = this.settings.ttlJitter() * ThreadLocalRandom.current().nextInt(JITTER_STEPS) / JITTER_STEPS;
		// In milliseconds of a double: no TTL overflows it, as toNanos() would past 292 years.
		return ttl.minusMillis((long) ((ttl.getSeconds() * 1000.0 + ttl.getNano() / 1e6) * cut));
	}

	/**
	 * The key the store holds the application key under. Public for tests and the contract
	 * suite ({@code io.polycache.testfixtures}) only, not part of any API.
	 * @throws IllegalArgumentException if the key is {@code null} or has no store key
	 */
	public K storeKey(@Nullable Object key) {
		if (key == null) {
			// Not Assert.notNull with a message supplier: its capturing lambda may be allocated on every hit.
			throw new IllegalArgumentException("Cache '" + getName() + "' does not accept null keys");
		}
		return this.keys.toStoreKey(key);
	}

	private Duration checkTtl(Duration ttl) {
		Assert.isTrue(!ttl.isNegative(), () -> "TTL for cache '" + getName() + "' must not be negative: " + ttl);
		return ttl;
	}

	@Override
	public StoreCache<K, V> storeCache() {
		return this;
	}

	/** Closes the store. */
	@Override
	public void close() {
		if (this.autoRefresh != null) {
			this.autoRefresh.close();
		}
		this.store.close();
	}

	@Override
	public String toString() {
		return "StoreCache[" + getName() + " on " + this.store + "]";
	}

	/** Builds a {@link StoreCache}; not thread-safe. */
	public static final class Builder<K, V> {

		private final CacheSettings settings;

		private final OpenedStore<K, V> store;

		private StatsCounter stats = new StatsCounter();

		private @Nullable TtlPolicy ttlPolicy;

		private @Nullable ResizableStore resizable;

		private Clock clock = Clock.systemUTC();

		private @Nullable Executor refreshExecutor;

		private Consumer<? super K> reloaded = (storeKey) -> {
		};

		private @Nullable TickScheduler ticks;

		private Builder(CacheSettings settings, OpenedStore<K, V> store) {
			this.settings = settings;
			this.store = store;
		}

		/** The counters, shared with the store so it can record evictions and expirations. */
		public Builder<K, V> stats(StatsCounter stats) {
			this.stats = stats;
			return this;
		}

		/** Chooses TTLs per entry; without one, every entry gets the configured TTL. */
		public Builder<K, V> ttlPolicy(@Nullable TtlPolicy ttlPolicy) {
			this.ttlPolicy = ttlPolicy;
			return this;
		}

		/**
		 * The store's bound, when the store keeps it in this process (the store before any
		 * wrapper): {@link StoreCache#change} changes {@code max-entries} and {@code ttl}
		 * only with one.
		 */
		public Builder<K, V> resizable(@Nullable ResizableStore resizable) {
			this.resizable = resizable;
			return this;
		}

		/** Where load times for refresh-ahead come from. */
		public Builder<K, V> clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Runs background reloads; refresh-ahead is off without one, whatever the
		 * settings say.
		 */
		public Builder<K, V> refreshExecutor(@Nullable Executor refreshExecutor) {
			this.refreshExecutor = refreshExecutor;
			return this;
		}

		/**
		 * Hears the store key of every value a background reload (refresh-ahead) has just
		 * written, a write no caller made: for a near tier in front, which must drop its
		 * copy.
		 */
		public Builder<K, V> onReload(Consumer<? super K> reloaded) {
			this.reloaded = reloaded;
			return this;
		}

		/**
		 * Runs the ticks of {@code auto-refresh}; without one, the schedule moves only when
		 * a test ticks it ({@link StoreCache#autoRefreshTick()}).
		 */
		public Builder<K, V> autoRefreshTicks(@Nullable TickScheduler ticks) {
			this.ticks = ticks;
			return this;
		}

		public StoreCache<K, V> build() {
			return new StoreCache<>(this);
		}

	}

}
