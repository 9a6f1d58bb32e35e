package io.polycache.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.ClassUtils;

import io.polycache.autoconfigure.PolycacheProperties.Backend;
import io.polycache.core.CacheSettings;
import io.polycache.core.PolycacheCacheManager;
import io.polycache.core.SerializerType;
import io.polycache.core.SingleFlightScope;
import io.polycache.core.TtlPolicy;
import io.polycache.core.ValueSerializer;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.CacheAssembler;
import io.polycache.internal.ClassAllowList;
import io.polycache.internal.ExpirySweeper;
import io.polycache.internal.JdkValueSerializer;
import io.polycache.internal.JsonValueSerializer;
import io.polycache.internal.RemovalDispatcher;
import io.polycache.internal.SerializationLimits;
import io.polycache.local.LocalStores;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.spi.ValueCodec;

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

	private final Map<String, AssembledCache> caches = new LinkedHashMap<>();

	/** The type of the backend serving each cache ({@code none} for every one while caching is off). */
	private final Map<String, String> backendTypes = new LinkedHashMap<>();

	private final Map<String, BackendProvider> providers = new LinkedHashMap<>();

	/** Each backend's property group, and the type it belongs to: built-in ones even without their library. */
	private final Map<String, String> groupOwners = new LinkedHashMap<>(BuiltInBackends.GROUPS);

	private final Map<SerializerType, ValueSerializer> serializers = new EnumMap<>(SerializerType.class);

	private final ClassAllowList allowList;

	private final SerializationLimits limits;

	private final @Nullable ClassLoader classLoader;

	private final ExpirySweeper sweeper = new ExpirySweeper(SWEEP_INTERVAL);

	private @Nullable ThreadPoolExecutor refreshExecutor;

	private final @Nullable RemovalDispatcher removals;

	/**
	 * @param providers the backends, by the type each serves; two of one type stop start-up
	 * @param binder binds a backend's own property group
	 * @param classLoader the application's class loader: where values' classes are found
	 * when they are read back, and where Jackson is looked for
	 */
	PolycacheCaches(PolycacheProperties properties, List<BackendProvider> providers, EnvironmentPropertyBinder binder,
			ClassAllowList allowList, @Nullable TtlPolicy ttlPolicy, Clock clock, @Nullable ClassLoader classLoader) {
		this(properties, providers, binder, allowList, ttlPolicy, clock, classLoader, null);
	}

	/**
	 * As the other constructor, with removals delivered to the application's listeners.
	 * @param removals delivers removals to the listeners, {@code null} if there are none;
	 * closed with the caches, after them
	 */
	PolycacheCaches(PolycacheProperties properties, List<BackendProvider> providers, EnvironmentPropertyBinder binder,
			ClassAllowList allowList, @Nullable TtlPolicy ttlPolicy, Clock clock, @Nullable ClassLoader classLoader,
			@Nullable RemovalDispatcher removals) {
		this.removals = removals;
		try {
			providers.forEach(this::register);
			this.providers.values()
				.stream()
				.filter((provider) -> provider.propertyGroup() != null)
				.forEach((provider) -> this.groupOwners.put(provider.propertyGroup(), provider.type()));
			this.limits = SerializationLimitsResolver.resolve(properties.getSerialization());
		}
		catch (RuntimeException ex) {
			// No cache is open yet, but the dispatcher's thread runs: it ends with the failed start.
			if (removals != null) {
				removals.close();
			}
			throw ex;
		}
		this.allowList = allowList;
		this.classLoader = classLoader;
		CacheAssembler assembler = new CacheAssembler(clock, this.sweeper,
				(settings) -> ValueCodec.serializing(serializer(settings, properties.getBackends().get(settings.name())),
						this.limits.maxBytes()),
				binder, ttlPolicy, this::refreshExecutor, LocalStores::create, removals);
		try {
			properties.getBackends().forEach((name, backend) -> {
				String type = backend.getType();
				// While caching is off, only a built-in type whose library is missing goes unserved;
				// any other type nothing serves is a mistake, and a served one is checked as itself.
				boolean libraryMissing = !this.providers.containsKey(BuiltInBackends.normalize(type))
						&& BuiltInBackends.requirement(type) != null;
				BackendProvider checkedAs = (properties.isEnabled() || !libraryMissing) ? provider(name, type)
						: provider(name, BuiltInBackends.NONE);
				BackendProvider used = properties.isEnabled() ? checkedAs : provider(name, BuiltInBackends.NONE);
				checkGroups(name, type, binder);
				CacheSettings settings = CacheSettingsResolver.resolve(name, backend, properties.getDefaults(),
						checkedAs);
				if (used != checkedAs && settings.clusterSingleFlight()) {
					// Caching is off: the none store holds no leases, and there is no load to share.
					settings = settings.toBuilder().singleFlight(SingleFlightScope.INSTANCE).build();
				}
				this.caches.put(name, assembler.assemble(settings, used));
				this.backendTypes.put(name, used.type());
			});
		}
		catch (RuntimeException ex) {
			destroy();
			throw ex;
		}
	}

	private void register(BackendProvider provider) {
		String type = BuiltInBackends.normalize(provider.type());
		BackendProvider other = this.providers.putIfAbsent(type, provider);
		if (type.isEmpty() || other != null) {
			throw new IllegalStateException("Backend provider " + provider.getClass().getName() + " cannot serve type '"
					+ provider.type() + "': " + (type.isEmpty() ? "a type needs letters or digits"
							: other.getClass().getName() + " already serves '" + other.type()
									+ "'. Give one of them another type (a built-in backend's provider cannot be "
									+ "replaced; declare yours under a type of its own)"));
		}
	}

	private BackendProvider provider(String name, String type) {
		BackendProvider provider = this.providers.get(BuiltInBackends.normalize(type));
		if (provider == null) {
			List<String> types = this.providers.values().stream().map(BackendProvider::type).toList();
			String available = String.join(", ", types);
			String requirement = BuiltInBackends.requirement(type);
			String closest = PropertyNameSuggestion.closest(type, types);
			throw new PolycacheConfigurationException("cache.backends." + name + ".type", type,
					(requirement != null) ? "the " + type + " backend cannot be used: " + requirement
							: "no backend has that type" + ((closest != null) ? "; did you mean " + closest + "?" : ""),
					"Use one of the available types: " + available
							+ ((requirement != null) ? "." : ", or declare a BackendProvider bean whose type() is '"
									+ type + "'."));
		}
		return provider;
	}

	/**
	 * Another backend's property group set under this cache is a mistake, never silently
	 * ignored: the group of any provider present, or of a built-in backend whose library
	 * is missing.
	 */
	private void checkGroups(String name, String declaredType, EnvironmentPropertyBinder binder) {
		this.groupOwners.forEach((group, owner) -> {
			String prefix = "cache.backends." + name + "." + group;
			boolean own = BuiltInBackends.normalize(owner).equals(BuiltInBackends.normalize(declaredType));
			if (!own && binder.isSet(name, group)) {
				throw new PolycacheConfigurationException(prefix, "(set)",
						"only a " + owner + " cache has " + group + " settings; this one is " + declaredType,
						"Remove " + prefix + ", or set cache.backends." + name + ".type to " + owner + ".");
			}
		});
	}

	private ValueSerializer serializer(CacheSettings settings, @Nullable Backend backend) {
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

	/** Every configured cache by name, in the order of the configuration; unmodifiable. */
	Map<String, AssembledCache> caches() {
		return Collections.unmodifiableMap(this.caches);
	}

	/** The type of the backend serving the cache, as {@code cache.backends.<name>.type} names it. */
	String backendType(String name) {
		return this.backendTypes.getOrDefault(name, BuiltInBackends.NONE);
	}

	/** A manager serving every configured cache. */
	PolycacheCacheManager allCaches() {
		return new PolycacheCacheManager(this.caches.values());
	}

	/** What delivers removals to the application's listeners; {@code null} if it has none. */
	@Nullable RemovalDispatcher removals() {
		return this.removals;
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
				cache.close();
			}
			catch (RuntimeException ex) {
				failures.add(ex);
			}
		});
		if (this.removals != null) {
			// After the caches: the removals they reported while closing are delivered too.
			this.removals.close();
		}
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
