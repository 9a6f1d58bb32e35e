package io.polycache.internal;

import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheStatistics;
import io.polycache.core.RemovalCause;
import io.polycache.spi.StoreEvents;

/**
 * The live counters behind {@link CacheStatistics}. Thread-safe: each counter is a
 * {@link LongAdder}, so recording never blocks; a {@link #snapshot()} taken while other
 * threads record may mix counts from slightly different instants.
 * <p>As the store's {@link StoreEvents}, it also counts removals by cause (evictions and
 * expirations are the statistics' own counters) and, when a listener hears the cache,
 * queues each reported removal to it.
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

	private final LongAdder explicitRemovals = new LongAdder();

	private final LongAdder replacements = new LongAdder();

	private final LongAdder clearedEntries = new LongAdder();

	private final @Nullable CacheRemovals removals;

	/** Counters for a cache whose removals no listener hears. */
	public StatsCounter() {
		this(null);
	}

	/** Counters that also queue reported removals to {@code removals}, if not {@code null}. */
	public StatsCounter(@Nullable CacheRemovals removals) {
		this.removals = removals;
	}

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

	@Override
	public void recordRemovals(RemovalCause cause, int count) {
		switch (cause) {
			case EXPLICIT -> this.explicitRemovals.add(count);
			case REPLACED -> this.replacements.add(count);
			case CLEARED -> this.clearedEntries.add(count);
			case EXPIRED -> this.expirations.add(count);
			case EVICTED -> this.evictions.add(count);
		}
	}

	@Override
	public boolean reportsRemovals() {
		return this.removals != null;
	}

	@Override
	public void removed(RemovalCause cause, Object key, @Nullable Object value) {
		CacheRemovals removals = this.removals;
		if (removals != null) {
			removals.queue(cause, key, value);
		}
	}

	/** How many removals a listener did not hear because the queue was full; 0 if none hears this cache. */
	public long removalsDropped() {
		CacheRemovals removals = this.removals;
		return (removals != null) ? removals.dropped() : 0;
	}

	/** How many entries were removed for {@code cause}; evictions and expirations as in {@link #snapshot()}. */
	public long removals(RemovalCause cause) {
		return switch (cause) {
			case EXPLICIT -> this.explicitRemovals.sum();
			case REPLACED -> this.replacements.sum();
			case CLEARED -> this.clearedEntries.sum();
			case EXPIRED -> this.expirations.sum();
			case EVICTED -> this.evictions.sum();
		};
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
