package io.polycache.spi;

import org.jspecify.annotations.Nullable;

/**
 * One backend: what {@code cache.backends.<name>.type} names. Polycache finds providers as
 * beans (the built-in {@code local-memory}, {@code file-system}, {@code memcached},
 * {@code redis} and {@code none}, and any the application declares), and for each cache
 * asks the provider of its type to {@link #open open} a store. Adding a backend is one
 * provider class and one bean; docs/architecture.md walks through it.
 * <p>Implementations are thread-safe; {@link #open} is called once per cache, at start-up.
 */
public interface BackendProvider {

	/**
	 * The type as written in {@code cache.backends.<name>.type}, such as {@code redis}:
	 * lower case, words separated by {@code -}. Unique among the application's providers.
	 */
	String type();

	/** What this backend is like; Polycache applies fail-open, the outage guard, expiry sweeps by it. */
	BackendTraits traits();

	/**
	 * The property group under {@code cache.backends.<name>} that only this backend reads,
	 * such as {@code file-system} or {@code memcached}, bound with
	 * {@link StoreContext#properties(Class)}; {@code null} (the default) for none. Other
	 * properties under a cache are Polycache's own: an unknown one stops start-up.
	 */
	default @Nullable String propertyGroup() {
		return null;
	}

	/**
	 * Opens the store for one cache of this type.
	 * @throws io.polycache.spi.PolycacheConfigurationException (or any runtime exception)
	 * if the cache cannot be served: start-up stops with it
	 */
	OpenedStore<?, ?> open(StoreContext context);

}
