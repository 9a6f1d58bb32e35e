package io.polycache.internal;

import java.util.concurrent.atomic.LongAdder;

import io.polycache.core.CacheStatistics;
import io.polycache.spi.StoreEvents;

/**
 * The live counters behind {@link CacheStatistics}. Thread-safe: each counter is a
 * {@link LongAdder}, so recording never blocks; a {@link #snapshot()} taken while other
 * threads record may mix counts from slightly different instants.
 */
public final class StatsCounter implements StoreEvents {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder expirations = new LongAdder();

	private final LongAdder loadSuccesses = new LongAdder();

	private final LongAdder loadFailures = new LongAdder();

	private final LongAdder refreshes = new LongAdder();

	private final LongAdder refreshFailures = new LongAdder();

	public void recordHit() {
		this.hits.increment();
	}

	public void recordMiss() {
		this.misses.increment();
	}

	public void recordHits(int count) {
		this.hits.add(count);
	}

	public void recordMisses(int count) {
		this.misses.add(count);
	}

	public void recordPuts(int count) {
		this.puts.add(count);
	}

	@Override
	public void recordEviction() {
		this.evictions.increment();
	}

	@Override
	public void recordExpirations(int count) {
		this.expirations.add(count);
	}

	public void recordLoad(boolean success) {
		(success ? this.loadSuccesses : this.loadFailures).increment();
	}

	public void recordRefresh(boolean success) {
		(success ? this.refreshes : this.refreshFailures).increment();
	}

	/** The counters as they are now. */
	public CacheStatistics snapshot() {
		return new CacheStatistics(this.hits.sum(), this.misses.sum(), this.puts.sum(), this.evictions.sum(),
				this.expirations.sum(), this.loadSuccesses.sum(), this.loadFailures.sum(), this.refreshes.sum(),
				this.refreshFailures.sum());
	}

}
