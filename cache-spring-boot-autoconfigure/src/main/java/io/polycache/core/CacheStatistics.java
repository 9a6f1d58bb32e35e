package io.polycache.core;

/**
 * An immutable snapshot of one cache's counters since it was created.
 *
 * @param hits reads that found a live entry
 * @param misses reads that found no live entry
 * @param puts values written, including those stored by a loader
 * @param evictions entries removed by the eviction policy to make room
 * @param expirations expired entries reclaimed, by a read-time check, a put or the sweeper
 */
public record CacheStatistics(long hits, long misses, long puts, long evictions, long expirations) {

	/** The number of reads, hits and misses together. */
	public long requests() {
		return this.hits + this.misses;
	}

	/** Hits divided by reads, or {@code 1.0} when there has been no read. */
	public double hitRatio() {
		long requests = requests();
		return (requests != 0) ? (double) this.hits / requests : 1.0;
	}

}
