package io.polycache.spi;

/**
 * Where a store reports what it removes on its own: the entries it evicts to make room
 * and the ones it finds expired. They become the cache's
 * {@link io.polycache.core.CacheStatistics} (evictions, expirations) and its metrics.
 * Reads, writes and loads are counted by the cache above the store, never here.
 * <p>Implementations are thread-safe and never block: a store may report from any thread,
 * under its own locks.
 */
public interface StoreEvents {

	/** One entry was evicted to make room. */
	void recordEviction();

	/** {@code count} entries were found expired and removed. */
	void recordExpirations(int count);

}
