package io.polycache.internal;

import io.polycache.core.ExtendedCache;

/**
 * A cache as {@link CacheAssembler} builds it: Spring's {@code Cache} and Polycache's
 * {@link ExtendedCache} over a store ({@link StoreCache}), possibly with a near tier in
 * front ({@link NearCache}), and closed with the application context.
 */
public interface AssembledCache extends ExtendedCache, AutoCloseable {

	/**
	 * The cache straight over the store: this one, or the one behind the near tier. For
	 * tests and the contract suite ({@code io.polycache.testfixtures}), not an API.
	 */
	StoreCache<?, ?> storeCache();

	/** Releases the store and whatever the cache holds open; the cache is not used afterwards. */
	@Override
	void close();

}
