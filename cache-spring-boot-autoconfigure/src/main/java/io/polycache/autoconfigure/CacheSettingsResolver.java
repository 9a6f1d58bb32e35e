package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

import io.polycache.autoconfigure.PolycacheProperties.Backend;
import io.polycache.core.CacheSettings;
import io.polycache.file.FileStores;
import io.polycache.spi.PolycacheConfigurationException;

/**
 * Resolves one cache's immutable {@link CacheSettings} from its own properties and the
 * shared defaults, and rejects values Polycache cannot run with, naming the property.
 * Every check of a cache's settings is made here; {@code CacheSettings}' constructor only
 * guards values built in code, and a setting set nowhere takes its {@code DEFAULT_*}
 * constant there.
 */
final class CacheSettingsResolver {

	private CacheSettingsResolver() {
	}

	static CacheSettings resolve(String name, Backend backend, CacheSettingsProperties defaults) {
		String prefix = "cache.backends." + name + ".";
		checkName(name);
		check("cache.defaults.", defaults);
		check(prefix, backend);
		checkNotNegative(prefix + "refresh-after", backend.getRefreshAfter());
		BackendType type = backend.getType();
		if ((type == BackendType.REDIS || type == BackendType.MEMCACHED) && name.indexOf(':') >= 0) {
			throw new PolycacheConfigurationException("cache.backends", name,
					"on " + type.propertyValue() + " a cache name must not contain ':', which separates the parts "
							+ "of every key: cache 'a:1' and cache 'a' could share keys",
					"Rename the cache, for example with '-' instead of ':'.");
		}
		if (type != BackendType.MEMCACHED && backend.getMemcached().isSet()) {
			throw new PolycacheConfigurationException(prefix + "memcached", "(set)",
					"only a memcached cache has memcached client settings; this one is "
							+ type.propertyValue(),
					"Remove " + prefix + "memcached, or set " + prefix + "type to memcached.");
		}
		if (backend.getOutageWindow() != null && type != BackendType.REDIS && type != BackendType.MEMCACHED) {
			throw new PolycacheConfigurationException(prefix + "outage-window", backend.getOutageWindow(),
					"only a redis or memcached cache has an outage guard; this one is " + type.propertyValue(),
					"Remove " + prefix + "outage-window.");
		}
		if (type == BackendType.FILE_SYSTEM) {
			Duration lockTimeout = backend.getFileSystem().getLockTimeout();
			if (lockTimeout.isNegative() || lockTimeout.isZero()) {
				throw new PolycacheConfigurationException(prefix + "file-system.lock-timeout", lockTimeout,
						"the lock timeout must be positive", "Set it to a positive duration, such as "
								+ DurationStyle.SIMPLE.print(FileStores.DEFAULT_LOCK_TIMEOUT) + " (the default).");
			}
		}
		if (!type.isBoundedHere()) {
			rejectLocalBound(prefix + "max-entries", backend.getMaxEntries(), type);
			rejectLocalBound(prefix + "eviction", backend.getEviction(), type);
		}
		CacheSettings.Builder builder = CacheSettings.builder(name);
		apply(defaults, builder);
		apply(backend, builder);
		set(backend.getRefreshAfter(), builder::refreshAfter);
		set(backend.getStoreByValue(), builder::storeByValue);
		CacheSettings settings = builder.build();
		if (settings.refreshes() && !settings.ttl().isZero() && settings.refreshAfter().compareTo(settings.ttl()) >= 0) {
			throw new PolycacheConfigurationException(prefix + "refresh-after", settings.refreshAfter(),
					"a value expires after its TTL of " + settings.ttl() + " before it is ever due for a refresh",
					"Set refresh-after shorter than the TTL, or remove it.");
		}
		return settings;
	}

	/** The checks that hold for a cache's settings and the defaults alike. */
	private static void check(String prefix, CacheSettingsProperties properties) {
		checkNotNegative(prefix + "ttl", properties.getTtl());
		checkNotNegative(prefix + "max-entries", properties.getMaxEntries());
		checkWindow(prefix + "outage-window", properties.getOutageWindow());
	}

	/** Sets on the builder every setting these properties set; the others stay as they were. */
	private static void apply(CacheSettingsProperties properties, CacheSettings.Builder builder) {
		set(properties.getTtl(), builder::ttl);
		set(properties.getMaxEntries(), builder::maxEntries);
		set(properties.getEviction(), builder::eviction);
		set(properties.getCacheNullValues(), builder::cacheNullValues);
		set(properties.getKeyPrefix(), builder::keyPrefix);
		set(properties.getVersion(), builder::version);
		set(properties.getSerializer(), builder::serializer);
		set(properties.getFailOpen(), builder::failOpen);
		set(properties.getOutageWindow(), builder::outageWindow);
	}

	private static <T> void set(@Nullable T value, Consumer<T> setter) {
		if (value != null) {
			setter.accept(value);
		}
	}

	/** The property that set the cache's serializer, for messages about it. */
	static String serializerProperty(String name, @Nullable Backend backend) {
		return (backend != null && backend.getSerializer() != null) ? "cache.backends." + name + ".serializer" : "cache.defaults.serializer";
	}

	private static void checkName(String name) {
		if (name.isBlank() || !name.strip().equals(name)) {
			throw new PolycacheConfigurationException("cache.backends", name,
					"a cache name must not be blank or start or end with whitespace",
					"Rename the cache under cache.backends.");
		}
	}

	private static void checkNotNegative(String property, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			throw new PolycacheConfigurationException(property, value, "a TTL must not be negative",
					"Set a positive duration such as 10m, or 0 for entries that never expire.");
		}
	}

	private static void checkWindow(String property, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			throw new PolycacheConfigurationException(property, value, "an outage window must not be negative",
					"Set a duration such as 1s, or 0 to turn the outage guard off.");
		}
	}

	private static void checkNotNegative(String property, @Nullable Long value) {
		if (value != null && value < 0) {
			throw new PolycacheConfigurationException(property, value, "a size bound must not be negative",
					"Set a positive number of entries, or 0 for an unbounded cache.");
		}
	}

	private static void rejectLocalBound(String property, @Nullable Object value, BackendType type) {
		if (value != null) {
			throw new PolycacheConfigurationException(property, value,
					"the " + type.propertyValue() + " backend cannot honour it: its server decides what to evict",
					"Remove " + property + ", and bound the " + type.propertyValue()
							+ " server's memory in its own configuration instead.");
		}
	}

}
