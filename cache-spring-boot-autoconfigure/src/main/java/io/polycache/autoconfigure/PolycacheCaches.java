package io.polycache.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.ClassUtils;

import io.polycache.autoconfigure.PolycacheProperties.Backend;
import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.ClassAllowList;
import io.polycache.core.ExpirySweeper;
import io.polycache.core.FailOpenStore;
import io.polycache.core.JdkValueSerializer;
import io.polycache.core.JsonValueSerializer;
import io.polycache.core.OutageGuardStore;
import io.polycache.core.PolycacheCacheManager;
import io.polycache.core.SerializationLimits;
import io.polycache.core.SerializerType;
import io.polycache.core.StatsCounter;
import io.polycache.core.StoreCache;
import io.polycache.core.TtlPolicy;
import io.polycache.core.ValueCodec;
import io.polycache.core.ValueSerializer;

/**
 * Every configured cache, built once from the properties at start-up, and the background
 * work they share: the expiry sweeper and the refresh-ahead executor. The
 * {@code CacheManager} beans are views over it; closing the application context stops
 * the background threads and closes the stores.
 */
final class PolycacheCaches implements DisposableBean {

	/** How often expired entries are reclaimed in the background. */
	static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

	/** The prefix of refresh-ahead threads' names. */
	static final String REFRESH_THREAD_PREFIX = "polycache-refresh-";

	/** Reloads waiting beyond this many are skipped (and logged) rather than queued. */
	private static final int REFRESH_QUEUE_CAPACITY = 1_000;

	private final Map<String, StoreCache> caches = new LinkedHashMap<>();

	private final Map<BackendType, BackendFactory> factories = new EnumMap<>(BackendType.class);

	private final Map<SerializerType, ValueSerializer> serializers = new EnumMap<>(SerializerType.class);

	private final ClassAllowList allowList;

	private final SerializationLimits limits;

	private final @Nullable TtlPolicy ttlPolicy;

	private final Clock clock;

	private final @Nullable ClassLoader classLoader;

	private final ExpirySweeper sweeper = new ExpirySweeper(SWEEP_INTERVAL);

	private @Nullable ThreadPoolExecutor refreshExecutor;

	/**
	 * @param classLoader the application's class loader: where values' classes are found
	 * when they are read back, and where Jackson is looked for
	 */
	PolycacheCaches(PolycacheProperties properties, List<BackendFactory> factories, ClassAllowList allowList,
			@Nullable TtlPolicy ttlPolicy, Clock clock, @Nullable ClassLoader classLoader) {
		factories.forEach(factory -> this.factories.putIfAbsent(factory.type(), factory));
		this.allowList = allowList;
		this.limits = SerializationLimitsResolver.resolve(properties.getSerialization());
		this.ttlPolicy = ttlPolicy;
		this.clock = clock;
		this.classLoader = classLoader;
		try {
			properties.getBackends().forEach((name, backend) -> {
				CacheSettings settings = CacheSettingsResolver.resolve(name, backend, properties.getDefaults());
				BackendType type = properties.isEnabled() ? backend.getType() : BackendType.NONE;
				this.caches.put(name, createCache(settings, type, backend));
			});
		}
		catch (RuntimeException ex) {
			destroy();
			throw ex;
		}
	}

	private StoreCache createCache(CacheSettings settings, BackendType type, Backend backend) {
		BackendFactory factory = factory(settings.name(), type);
		StatsCounter stats = new StatsCounter();
		CacheStore store = factory.createStore(settings, new BackendFactory.Context(this.clock, stats, this.sweeper));
		Predicate<RuntimeException> outages = factory.outages();
		if (outages != null && !settings.outageWindow().isZero()) {
			store = new OutageGuardStore(store, outages, settings.outageWindow());
		}
		if (factory.canFail() && settings.failOpen()) {
			store = new FailOpenStore(settings.name(), store);
		}
		boolean serializes = factory.keepsBytes() || (settings.storeByValue() && type == BackendType.LOCAL_MEMORY);
		ValueCodec codec = serializes ? ValueCodec.serializing(serializer(settings, backend), this.limits.maxBytes())
				: ValueCodec.identity();
		return StoreCache.builder(settings, store)
			.keys(factory.keyMapper(settings))
			.codec(codec)
			.stats(stats)
			.ttlPolicy(this.ttlPolicy)
			.clock(this.clock)
			.refreshExecutor(settings.refreshes() ? refreshExecutor() : null)
			.build();
	}

	private BackendFactory factory(String name, BackendType type) {
		BackendFactory factory = this.factories.get(type);
		if (factory == null) {
			String available = this.factories.keySet()
				.stream()
				.map(BackendType::propertyValue)
				.collect(Collectors.joining(", "));
			throw new PolycacheConfigurationException("cache.backends." + name + ".type", type.propertyValue(),
					"the " + type.propertyValue() + " backend cannot be used: " + type.requirement(),
					"Use one of the available types: " + available + ".");
		}
		return factory;
	}

	private ValueSerializer serializer(CacheSettings settings, Backend backend) {
		SerializerType type = settings.serializer();
		if (type == SerializerType.JSON && !ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", this.classLoader)) {
			throw new PolycacheConfigurationException(
					CacheSettingsResolver.serializerProperty(settings.name(), backend), "json",
					"the json serializer needs Jackson 3, which is not on the classpath",
					"Add the dependency tools.jackson.core:jackson-databind (spring-boot-starter-json brings it), "
							+ "or use serializer: jdk.");
		}
		return this.serializers.computeIfAbsent(type, (kind) -> (kind == SerializerType.JSON)
				? Json.serializer(this.allowList, this.limits)
				: new JdkValueSerializer(this.allowList, this.classLoader, this.limits));
	}

	private synchronized ThreadPoolExecutor refreshExecutor() {
		if (this.refreshExecutor == null) {
			int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
			AtomicInteger count = new AtomicInteger();
			ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
					new ArrayBlockingQueue<>(REFRESH_QUEUE_CAPACITY), (runnable) -> {
						Thread thread = new Thread(runnable, REFRESH_THREAD_PREFIX + count.incrementAndGet());
						thread.setDaemon(true);
						return thread;
					});
			executor.allowCoreThreadTimeOut(true);
			this.refreshExecutor = executor;
		}
		return this.refreshExecutor;
	}

	/** What values may be read back: JDK value types and the allowed packages. */
	ClassAllowList allowList() {
		return this.allowList;
	}

	/** A manager serving every configured cache. */
	PolycacheCacheManager allCaches() {
		return new PolycacheCacheManager(this.caches.values());
	}

	/** A manager serving the one named cache, for the {@code <name>CacheManager} bean. */
	PolycacheCacheManager cacheManager(String name) {
		return new PolycacheCacheManager(List.of(this.caches.get(name)));
	}

	@Override
	public void destroy() {
		this.sweeper.close();
		synchronized (this) {
			if (this.refreshExecutor != null) {
				stop(this.refreshExecutor);
			}
		}
		List<RuntimeException> failures = new ArrayList<>();
		this.caches.values().forEach((cache) -> {
			try {
				cache.getNativeCache().close();
			}
			catch (RuntimeException ex) {
				failures.add(ex);
			}
		});
		if (!failures.isEmpty()) {
			IllegalStateException failure = new IllegalStateException(
					"Closing " + failures.size() + " cache store(s) failed");
			failures.forEach(failure::addSuppressed);
			throw failure;
		}
	}

	/**
	 * Lets reloads under way finish writing for a moment, so none writes into a closing
	 * store; then interrupts what is left.
	 */
	private static void stop(ThreadPoolExecutor executor) {
		executor.shutdown();
		// Reloads not yet started are dropped: the context is closing, nobody will read them.
		executor.getQueue().clear();
		try {
			if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	/** Keeps Jackson's classes out of reach until a cache asks for JSON. */
	private static final class Json {

		static ValueSerializer serializer(ClassAllowList allowList, SerializationLimits limits) {
			return new JsonValueSerializer(allowList, limits);
		}

	}

}
