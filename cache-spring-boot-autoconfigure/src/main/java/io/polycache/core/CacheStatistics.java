package io.polycache.core;

/**
 * An immutable snapshot of one cache's counters since it was created.
 *
 * @param hits reads that found a live entry
 * @param misses reads that found no live entry (or one that could not be read back)
 * @param puts values written, including those stored by a loader
 * @param evictions entries removed by the size bound to make room
 * @param expirations expired entries reclaimed
 * @param loadSuccesses loader calls that returned a value, on a miss
 * @param loadFailures loader calls that threw, on a miss
 * @param refreshes background reloads (refresh-ahead) that replaced a value
 * @param refreshFailures background reloads that failed and kept the old value
 */
public record CacheStatistics(long hits, long misses, long puts, long evictions, long expirations,
		long loadSuccesses, long loadFailures, long refreshes, long refreshFailures) {

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
