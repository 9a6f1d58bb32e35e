package io.polycache.testfixtures;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import io.polycache.spi.LeaseStore;

/**
 * Leases in a {@link ConcurrentHashMap}, expiring by a clock: what several instances of a
 * cache in one test share, as they would share a server. It can be made to fail as a
 * server that is down does, and counts its calls. Thread-safe.
 */
public final class MapLeaseStore implements LeaseStore {

	private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();

	private final Clock clock;

	private final AtomicBoolean down = new AtomicBoolean();

	private final AtomicInteger calls = new AtomicInteger();

	public MapLeaseStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public @Nullable String get(String key) {
		call();
		Lease lease = this.leases.get(key);
		return (lease != null && lease.expiresAt > this.clock.millis()) ? lease.value : null;
	}

	@Override
	public boolean compareAndSet(String key, @Nullable String expected, @Nullable String update, Duration ttl) {
		call();
		AtomicBoolean changed = new AtomicBoolean();
		this.leases.compute(key, (k, lease) -> {
			long now = this.clock.millis();
			String current = (lease != null && lease.expiresAt > now) ? lease.value : null;
			if (!Objects.equals(current, expected)) {
				return lease;
			}
			changed.set(true);
			return (update != null) ? new Lease(update, now + Math.max(1, ttl.toMillis())) : null;
		});
		return changed.get();
	}

	/** Stores a value at a lease key as something other than Polycache might, forever. */
	public void plant(String key, String value) {
		this.leases.put(key, new Lease(value, Long.MAX_VALUE));
	}

	/** Makes every later call fail, or work again. */
	public void down(boolean down) {
		this.down.set(down);
	}

	/** How many calls were made. */
	public int calls() {
		return this.calls.get();
	}

	/** How many leases are live. */
	public long live() {
		long now = this.clock.millis();
		return this.leases.values().stream().filter((lease) -> lease.expiresAt > now).count();
	}

	private void call() {
		this.calls.incrementAndGet();
		if (this.down.get()) {
			throw new IllegalStateException("The lease store is down");
		}
	}

	private record Lease(String value, long expiresAt) {
	}

}
