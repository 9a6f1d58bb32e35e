package io.polycache.spi;

import org.jspecify.annotations.Nullable;

import io.polycache.core.RemovalCause;

/**
 * Where a store reports what it removes: the entries it evicts to make room and the ones
 * it finds expired, which become the cache's {@link io.polycache.core.CacheStatistics}
 * (evictions, expirations), and the other removals ({@link #recordRemovals}); together
 * they are the {@code cache.removals} meter, by cause.
 * Reads, writes and loads are counted by the cache above the store, never here.
 * <p>When {@link #reportsRemovals()} is {@code true}, the store also reports each removal
 * with its key through {@link #removed}, which hands it to the application's
 * {@link io.polycache.core.CacheRemovalListener}s. Counting and reporting are separate
 * calls: a store counts every removal, and builds a report only when asked to.
 * <p>Implementations are thread-safe and never block: a store may report from any thread,
 * under its own locks. The methods added after the first two have defaults, so a store
 * written against the first two keeps compiling and counting.
 */
public interface StoreEvents {

	/** One entry was evicted to make room. */
	void recordEviction();

	/** {@code count} entries were found expired and removed. */
	void recordExpirations(int count);

	/**
	 * {@code count} entries were removed for {@code cause}. For {@link RemovalCause#EVICTED}
	 * and {@link RemovalCause#EXPIRED} this is {@link #recordEviction()} and
	 * {@link #recordExpirations(int)}; the other causes are counted by implementations that
	 * keep them.
	 */
	default void recordRemovals(RemovalCause cause, int count) {
		if (cause == RemovalCause.EXPIRED) {
			recordExpirations(count);
		}
		else if (cause == RemovalCause.EVICTED) {
			for (int i = 0; i < count; i++) {
				recordEviction();
			}
		}
	}

	/**
	 * Whether someone listens for each removal with its key, so that the store should call
	 * {@link #removed}. Fixed for the life of the store: a store may read it once, when it
	 * opens, and keep the answer in a field, so that it builds nothing when no one listens.
	 */
	default boolean reportsRemovals() {
		return false;
	}

	/**
	 * One entry was removed (already counted through the methods above); called only when
	 * {@link #reportsRemovals()}. Queues the report and returns: it never blocks and never
	 * calls application code on the calling thread.
	 * @param cause why it was removed
	 * @param key the store's key ({@link KeyMapper}'s form)
	 * @param value what the store held (its {@link ValueCodec}'s form), where it had it in
	 * memory; {@code null} otherwise
	 */
	default void removed(RemovalCause cause, Object key, @Nullable Object value) {
	}

}
