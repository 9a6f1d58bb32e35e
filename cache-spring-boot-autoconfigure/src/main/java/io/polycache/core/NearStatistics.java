package io.polycache.core;

/**
 * An immutable snapshot of one near tier's counters since its cache was created. The
 * cache's own {@link CacheStatistics} count every read the application made, near hits
 * included; the reads that reached the shared store are this tier's {@link #misses()}.
 *
 * @param hits reads answered by a near copy, without reaching the shared store
 * @param misses reads that went to the shared store: no near copy, or the tier was not
 * serving (its invalidation channel was down)
 * @param invalidations invalidations the tier received or made because an entry changed,
 * here or in another instance: one per key (whether or not it held a copy; on redis a write
 * through this instance counts again when its own announcement comes back), and one per
 * whole-tier drop
 * @param evictions near copies evicted by {@code near.max-entries}
 * @param expirations near copies reclaimed after {@code near.ttl}
 * @param size the near copies held now
 * @param serving whether the tier answers reads now: {@code false} while its invalidation
 * channel is down
 */
public record NearStatistics(long hits, long misses, long invalidations, long evictions, long expirations, long size,
		boolean serving) {

	/** Hits divided by reads, or {@code 1.0} when there has been no read. */
	public double hitRatio() {
		long requests = this.hits + this.misses;
		return (requests != 0) ? (double) this.hits / requests : 1.0;
	}

}
