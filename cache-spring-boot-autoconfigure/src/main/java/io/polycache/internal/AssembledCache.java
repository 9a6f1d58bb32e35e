package io.polycache.internal;

import java.util.List;

import io.polycache.core.CacheSettings;
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

	/**
	 * Changes settings while the cache runs, atomically with respect to other changes: a
	 * lower {@code max-entries} (main tier or near tier) evicts down to it at once, by the
	 * policy, counted as evictions; a new {@code ttl} or {@code near.ttl} applies to entries
	 * written from now on, and entries already held keep their expiry. {@link #settings()}
	 * shows the new values afterwards. Only a store that bounds and expires its entries in
	 * this process ({@link io.polycache.spi.ResizableStore}: local memory, file system) takes
	 * {@code max-entries} and {@code ttl}; only a cache with a near tier takes the
	 * {@code near.*} ones.
	 * @return the settings just before and just after the change
	 * @throws IllegalArgumentException if a value is out of range; nothing was changed
	 * @throws SettingsChangeRefusedException if the cache cannot honour a setting; nothing
	 * was changed
	 */
	SettingsChange.Applied change(SettingsChange change);

	/**
	 * The settings {@link #change} can change on this cache, as property names under it:
	 * {@code max-entries} and {@code ttl} where the store bounds and expires its entries in
	 * this process, {@code near.max-entries} and {@code near.ttl} where it has a near tier.
	 */
	List<String> changeableSettings();

	/** Releases the store and whatever the cache holds open; the cache is not used afterwards. */
	@Override
	void close();

}
