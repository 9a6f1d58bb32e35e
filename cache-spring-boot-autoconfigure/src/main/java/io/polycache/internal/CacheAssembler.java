package io.polycache.internal;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheSettings;
import io.polycache.core.NearSettings;
import io.polycache.core.TtlPolicy;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.CacheStore;
import io.polycache.spi.InvalidationChannel;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.Leases;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.ResizableStore;
import io.polycache.spi.StoreContext;
import io.polycache.spi.StoreEvents;
import io.polycache.spi.ValueCodec;

/**
 * The one path from a backend to a Spring {@code Cache}: asks the cache's
 * {@link BackendProvider} to open its store, then applies what the backend's
 * {@link BackendTraits} call for, the same for every backend: expiry sweeps for a store
 * that evicts here, the outage guard for one behind a server, fail-open for one that can
 * fail, and the {@link StoreCache} with its keys, codec, TTL policy and refresh-ahead on
 * top. The auto-configuration assembles every cache through it, and so do the shared
 * contract tests, so what they test is what an application runs.
 * <p>Thread-safe if its collaborators are.
 */
public final class CacheAssembler {

	private static final Log logger = LogFactory.getLog(CacheAssembler.class);

	private final Clock clock;

	private final ExpirySweeper sweeper;

	private final Function<CacheSettings, ValueCodec<byte[]>> serializers;

	private final PropertyBinder properties;

	private final @Nullable TtlPolicy ttlPolicy;

	private final Supplier<? extends Executor> refreshExecutor;

	private final NearStores nearStores;

	private final @Nullable RemovalDispatcher removals;

	/**
	 * @param clock the time source for TTLs and load times
	 * @param sweeper reclaims expired entries of stores that evict here
	 * @param serializers each cache's serializer, as a codec to bytes; asked only for a
	 * cache whose store keeps bytes
	 * @param properties binds a provider's property group
	 * @param ttlPolicy chooses TTLs per entry, if the application has one
	 * @param refreshExecutor runs background reloads; asked only for a cache that
	 * refreshes
	 * @param nearStores opens the local-memory store of a cache's near tier (the
	 * local-memory backend's {@code LocalStores::create}; this package depends on no backend)
	 */
	public CacheAssembler(Clock clock, ExpirySweeper sweeper, Function<CacheSettings, ValueCodec<byte[]>> serializers,
			PropertyBinder properties, @Nullable TtlPolicy ttlPolicy, Supplier<? extends Executor> refreshExecutor,
			NearStores nearStores) {
		this(clock, sweeper, serializers, properties, ttlPolicy, refreshExecutor, nearStores, null);
	}

	/**
	 * As the other constructor, with the application's removal listeners.
	 * @param removals delivers each cache's removals to the listeners that hear it;
	 * {@code null} when the application declares none
	 */
	public CacheAssembler(Clock clock, ExpirySweeper sweeper, Function<CacheSettings, ValueCodec<byte[]>> serializers,
			PropertyBinder properties, @Nullable TtlPolicy ttlPolicy, Supplier<? extends Executor> refreshExecutor,
			NearStores nearStores, @Nullable RemovalDispatcher removals) {
		this.removals = removals;
		this.clock = clock;
		this.sweeper = sweeper;
		this.serializers = serializers;
		this.properties = properties;
		this.ttlPolicy = ttlPolicy;
		this.refreshExecutor = refreshExecutor;
		this.nearStores = nearStores;
	}

	/**
	 * The cache with these settings, on a store the provider opens for it, behind a near
	 * tier if the settings ask for one.
	 */
	public AssembledCache assemble(CacheSettings settings, BackendProvider provider) {
		CacheRemovals heard = (this.removals != null) ? this.removals.forCache(settings.name(),
				provider.traits().keepsBytes() ? CacheRemovals.KeyForm.afterNamespace(versionPart(settings))
						: CacheRemovals.KeyForm.asStored())
				: null;
		StatsCounter stats = new StatsCounter(heard);
		OpenedStore<?, ?> opened = provider.open(new Context(settings, stats, provider));
		if (heard != null) {
			heard.decodeWith(opened.codec());
		}
		if (provider.traits().keepsBytes() && opened.codec() == ValueCodec.identity()) {
			// Its bytes would reach the application unread: say so now, not at the first get.
			IllegalStateException failure = new IllegalStateException("The " + provider.type()
					+ " backend declares that it keeps bytes, but opened a store of objects for cache '"
					+ settings.name() + "'");
			try {
				opened.store().close();
			}
			catch (RuntimeException ex) {
				failure.addSuppressed(ex);
			}
			throw failure;
		}
		NearTier tier = settings.near().enabled() ? new NearTier(settings, this.clock, this.nearStores,
				KeyNamespace.of(settings).prefix(), opened.invalidations() != null) : null;
		StoreCache<?, ?> cache = assemble(settings, provider.traits(), opened, stats, tier);
		return (tier != null) ? withNearTier(cache, tier, provider, opened.invalidations()) : cache;
	}

	/** {@code :k2:{version}:}, which ends the namespace of every stored key of the cache. */
	private static String versionPart(CacheSettings settings) {
		return ":" + KeyEncoder.FORMAT + ":" + settings.version() + ":";
	}

	/**
	 * The cache over the store; with a near tier, each value refresh-ahead writes in the
	 * background drops the tier's copy, as a write through the cache does.
	 */
	private <K, V> StoreCache<K, V> assemble(CacheSettings settings, BackendTraits traits, OpenedStore<K, V> opened,
			StatsCounter stats, @Nullable NearTier tier) {
		CacheStore<K, V> store = opened.store();
		ResizableStore resizable = (store instanceof ResizableStore bounded) ? bounded : null;
		if (traits.evictsHere()) {
			this.sweeper.register(settings.name(), store);
		}
		Predicate<RuntimeException> outages = traits.outages();
		Leases leases = opened.leases();
		if (outages != null && !settings.outageWindow().isZero()) {
			OutageGuardStore<K, V> guarded = new OutageGuardStore<>(store, outages, settings.outageWindow());
			store = guarded;
			leases = (leases != null) ? new Leases(guarded.guarded(leases.store()), leases.keys()) : null;
		}
		if (traits.canFail() && settings.failOpen()) {
			store = new FailOpenStore<>(settings.name(), store);
		}
		return StoreCache.builder(settings, opened.withStore(store).withLeases(leases))
			.stats(stats)
			.ttlPolicy(this.ttlPolicy)
			.resizable(resizable)
			.clock(this.clock)
			.refreshExecutor((settings.refreshes() || settings.autoRefreshes()) ? this.refreshExecutor.get() : null)
			.autoRefreshTicks(this.sweeper)
			.onReload((storeKey) -> {
				if (tier != null) {
					tier.invalidated(storeKey.toString());
				}
			})
			.build();
	}

	/**
	 * The cache behind a near tier, which hears the provider's invalidations if it pushes
	 * them; logs how stale a near copy may be.
	 */
	private AssembledCache withNearTier(StoreCache<?, ?> cache, NearTier tier, BackendProvider provider,
			@Nullable InvalidationChannel invalidations) {
		CacheSettings settings = cache.settings();
		NearSettings near = settings.near();
		if (!provider.traits().keepsBytes()) {
			cache.close();
			throw new IllegalStateException("Cache '" + settings.name() + "' is on " + provider.type()
					+ ", which keeps objects in this JVM: a near tier is for a shared store");
		}
		if (provider.traits().pushesInvalidations() && invalidations == null) {
			cache.close();
			throw new IllegalStateException("The " + provider.type()
					+ " backend declares that it pushes invalidations, but opened no channel for cache '"
					+ settings.name() + "'");
		}
		NearCache nearCache;
		try {
			nearCache = new NearCache(cache, tier, (invalidations != null) ? invalidations.subscribe(tier) : null);
		}
		catch (RuntimeException ex) {
			cache.close();
			throw ex;
		}
		this.sweeper.register(settings.name() + " (near)", tier.copies());
		logger.info("Cache '" + settings.name() + "' has a near tier of up to " + near.maxEntries() + " entries ("
				+ near.eviction().name().toLowerCase(Locale.ROOT) + "): "
				+ ((invalidations != null)
						? "copies are dropped when " + provider.type() + " reports a change, and none is served "
								+ "while its invalidation channel is down"
						: "a copy may lag behind " + provider.type() + " by up to near.ttl (" + near.ttl()
								+ "), as " + provider.type() + " cannot report changes"));
		return nearCache;
	}

	/** Opens the local-memory store that keeps a near tier's copies. */
	@FunctionalInterface
	public interface NearStores {

		/**
		 * A store bounded by {@code settings.maxEntries()} with {@code settings.eviction()},
		 * reporting its evictions and expirations to {@code events}.
		 */
		CacheStore<Object, Object> create(CacheSettings settings, Clock clock, StoreEvents events);

	}

	/** Binds a provider's property group of one cache. */
	public interface PropertyBinder {

		/**
		 * {@code cache.backends.<cacheName>.<group>.*} bound to a new instance of
		 * {@code type}, which keeps its defaults where nothing is set.
		 */
		<T> T bind(String cacheName, String group, Class<T> type);

	}

	/** What a provider opening one cache's store gets. */
	private final class Context implements StoreContext {

		private final CacheSettings settings;

		private final StatsCounter stats;

		private final BackendProvider provider;

		Context(CacheSettings settings, StatsCounter stats, BackendProvider provider) {
			this.settings = settings;
			this.stats = stats;
			this.provider = provider;
		}

		@Override
		public CacheSettings settings() {
			return this.settings;
		}

		@Override
		public Clock clock() {
			return CacheAssembler.this.clock;
		}

		@Override
		public StoreEvents events() {
			return this.stats;
		}

		@Override
		public KeyNamespace namespace() {
			return KeyNamespace.of(this.settings);
		}

		@Override
		public ValueCodec<byte[]> serializer() {
			return CacheAssembler.this.serializers.apply(this.settings);
		}

		@Override
		public <T> T properties(Class<T> type) {
			String group = this.provider.propertyGroup();
			if (group == null) {
				throw new IllegalStateException("The " + this.provider.type() + " backend declares no property group");
			}
			return CacheAssembler.this.properties.bind(this.settings.name(), group, type);
		}

	}

}
