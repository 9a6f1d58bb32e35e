package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.polycache.autoconfigure.PolycacheProperties.Backend;
import io.polycache.autoconfigure.PolycacheProperties.Defaults;
import io.polycache.core.CacheSettings;

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
		BackendType type = backend.getType();
		if (!type.isBoundedHere()) {
			rejectLocalBound(prefix + "max-entries", backend.getMaxEntries(), type);
			rejectLocalBound(prefix + "eviction", backend.getEviction(), type);
		}
		if (!type.isAvailable()) {
			throw new PolycacheConfigurationException(prefix + "type", type.propertyValue(),
					"the " + type.propertyValue() + " backend is not available in this version of Polycache",
					"Use one of the available types: " + availableTypes() + ".");
		}
		return new CacheSettings(name, orDefault(backend.getTtl(), defaults.getTtl()),
				orDefault(backend.getMaxEntries(), defaults.getMaxEntries()),
				orDefault(backend.getEviction(), defaults.getEviction()),
				orDefault(backend.getCacheNullValues(), defaults.isCacheNullValues()),
				orDefault(backend.getKeyPrefix(), defaults.getKeyPrefix()),
				orDefault(backend.getVersion(), defaults.getVersion()));
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

	private static String availableTypes() {
		return Arrays.stream(BackendType.values())
			.filter(BackendType::isAvailable)
			.map(BackendType::propertyValue)
			.collect(Collectors.joining(", "));
	}

	private static <T> T orDefault(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
