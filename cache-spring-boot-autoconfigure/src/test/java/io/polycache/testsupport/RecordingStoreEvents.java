package io.polycache.testsupport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.polycache.core.RemovalCause;
import io.polycache.spi.StoreEvents;

/**
 * Store events that listen: counts what a store counts, by cause, and records what it
 * reports, by key and cause, on the store's own thread, so that a test can check that
 * every counted removal was reported once and every write ended in one removal or is
 * still there. Thread-safe.
 */
public final class RecordingStoreEvents implements StoreEvents {

	private static final RemovalCause[] CAUSES = RemovalCause.values();

	private final Map<RemovalCause, LongAdder> counted = new EnumMap<>(RemovalCause.class);

	private final Map<Object, AtomicLongArray> reported = new ConcurrentHashMap<>();

	private final LongAdder reportedWithValue = new LongAdder();

	public RecordingStoreEvents() {
		for (RemovalCause cause : CAUSES) {
			this.counted.put(cause, new LongAdder());
		}
	}

	@Override
	public void recordEviction() {
		this.counted.get(RemovalCause.EVICTED).increment();
	}

	@Override
	public void recordExpirations(int count) {
		this.counted.get(RemovalCause.EXPIRED).add(count);
	}

	@Override
	public void recordRemovals(RemovalCause cause, int count) {
		this.counted.get(cause).add(count);
	}

	@Override
	public boolean reportsRemovals() {
		return true;
	}

	@Override
	public void removed(RemovalCause cause, Object key, @Nullable Object value) {
		this.reported.computeIfAbsent(key, (k) -> new AtomicLongArray(CAUSES.length)).incrementAndGet(cause.ordinal());
		if (value != null) {
			this.reportedWithValue.increment();
		}
	}

	/** How many removals the store counted for {@code cause}. */
	public long counted(RemovalCause cause) {
		return this.counted.get(cause).sum();
	}

	/** How many removals the store reported for {@code cause}, of every key. */
	public long reported(RemovalCause cause) {
		return this.reported.values().stream().mapToLong((counts) -> counts.get(cause.ordinal())).sum();
	}

	/** How many removals of {@code key} the store reported, of every cause. */
	public long reportedOf(Object key) {
		AtomicLongArray counts = this.reported.get(key);
		long total = 0;
		for (int i = 0; counts != null && i < counts.length(); i++) {
			total += counts.get(i);
		}
		return total;
	}

	/** How many reports carried a value. */
	public long reportedWithValue() {
		return this.reportedWithValue.sum();
	}

}
