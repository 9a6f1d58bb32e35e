package io.polycache.sample;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import io.polycache.autoconfigure.PolycacheProperties;
import io.polycache.spi.BackendProvider;

/**
 * Which backend serves each cache, from the configuration ({@code cache.backends.<name>.type})
 * and the backend providers Polycache found. Immutable after start-up; thread-safe.
 */
@Component
class CacheBackends {

	private final PolycacheProperties properties;

	private final List<BackendProvider> providers;

	CacheBackends(PolycacheProperties properties, List<BackendProvider> providers) {
		this.properties = properties;
		this.providers = providers;
	}

	/** The configured type of the cache, as its provider spells it. */
	String type(String cache) {
		BackendProvider provider = provider(cache);
		return (provider != null) ? provider.type() : configuredType(cache);
	}

	/**
	 * Whether {@code max-entries} and {@code eviction} apply to the cache: local memory and
	 * the file system, not a server's store, nor {@code none}, which keeps nothing.
	 */
	boolean boundsItself(String cache) {
		BackendProvider provider = provider(cache);
		return provider == null || (provider.traits().evictsHere() && !normalize(provider.type()).equals("none"));
	}

	private @Nullable BackendProvider provider(String cache) {
		String type = normalize(configuredType(cache));
		return this.providers.stream().filter((provider) -> normalize(provider.type()).equals(type)).findFirst()
			.orElse(null);
	}

	private String configuredType(String cache) {
		PolycacheProperties.Backend backend = this.properties.getBackends().get(cache);
		return (backend != null) ? backend.getType() : "unknown";
	}

	/** Letters and digits in lower case, as Polycache compares types: {@code Local_Memory} is {@code local-memory}. */
	private static String normalize(String type) {
		return type.replaceAll("[^\\p{L}\\p{Nd}]", "").toLowerCase(Locale.ROOT);
	}

}
