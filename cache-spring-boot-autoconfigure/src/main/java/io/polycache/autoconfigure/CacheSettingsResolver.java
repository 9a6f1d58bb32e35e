package io.polycache.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

import io.polycache.autoconfigure.PolycacheProperties.Backend;
import io.polycache.autoconfigure.PolycacheProperties.Defaults;
import io.polycache.core.CacheSettings;
import io.polycache.spi.PolycacheConfigurationException;

/**
 * Resolves one cache's immutable {@link CacheSettings} from its own properties and the
 * shared defaults, and rejects values Polycache cannot run with, naming the property.
 */
final class CacheSettingsResolver {

	private CacheSettingsResolver() {
	}

	static CacheSettings resolve(String name, Backend backend, Defaults defaults) {
		String prefix = "cache.backends." + name + ".";
		checkName(name);
		checkNotNegative("cache.defaults.ttl", defaults.getTtl());
		checkNotNegative("cache.defaults.max-entries", defaults.getMaxEntries());
		checkNotNegative(prefix + "ttl", backend.getTtl());
		checkNotNegative(prefix + "max-entries", backend.getMaxEntries());
		checkNotNegative(prefix + "refresh-after", backend.getRefreshAfter());
		checkWindow("cache.defaults.outage-window", defaults.getOutageWindow());
		checkWindow(prefix + "outage-window", backend.getOutageWindow());
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
		if (!type.isBoundedHere()) {
			rejectLocalBound(prefix + "max-entries", backend.getMaxEntries(), type);
			rejectLocalBound(prefix + "eviction", backend.getEviction(), type);
		}
		Duration ttl = orDefault(backend.getTtl(), defaults.getTtl());
		Duration refreshAfter = backend.getRefreshAfter();
		if (!refreshAfter.isZero() && !ttl.isZero() && refreshAfter.compareTo(ttl) >= 0) {
			throw new PolycacheConfigurationException(prefix + "refresh-after", refreshAfter,
					"a value expires after its TTL of " + ttl + " before it is ever due for a refresh",
					"Set refresh-after shorter than the TTL, or remove it.");
		}
		return CacheSettings.builder(name)
			.ttl(ttl)
			.maxEntries(orDefault(backend.getMaxEntries(), defaults.getMaxEntries()))
			.eviction(orDefault(backend.getEviction(), defaults.getEviction()))
			.cacheNullValues(orDefault(backend.getCacheNullValues(), defaults.isCacheNullValues()))
			.keyPrefix(orDefault(backend.getKeyPrefix(), defaults.getKeyPrefix()))
			.version(orDefault(backend.getVersion(), defaults.getVersion()))
			.refreshAfter(refreshAfter)
			.storeByValue(backend.isStoreByValue())
			.serializer(orDefault(backend.getSerializer(), defaults.getSerializer()))
			.failOpen(orDefault(backend.getFailOpen(), defaults.isFailOpen()))
			.outageWindow(orDefault(backend.getOutageWindow(), defaults.getOutageWindow()))
			.build();
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

	private static <T> T orDefault(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
