package io.polycache.redis;

import java.nio.charset.StandardCharsets;

import io.polycache.core.RemovalCause;
import io.polycache.spi.StoreEvents;

/**
 * Counts and reports the removals a redis store sees: those this instance makes (evict,
 * bulk evict, clear) and, through {@link KeyspaceExpirations}, the expirations the server
 * notifies. Evictions under {@code maxmemory} and removals by other instances are not
 * seen. Thread-safe.
 */
final class RedisRemovals {

	private final StoreEvents events;

	private final boolean reporting;

	RedisRemovals(StoreEvents events) {
		this.events = events;
		this.reporting = events.reportsRemovals();
	}

	/** Whether someone listens for each removal with its key. */
	boolean reporting() {
		return this.reporting;
	}

	/** {@code count} entries were removed for {@code cause}. */
	void count(RemovalCause cause, long count) {
		if (count > 0) {
			this.events.recordRemovals(cause, Math.toIntExact(count));
		}
	}

	/** Reports the removal of the entry under that stored key (already counted), if someone listens. */
	void report(RemovalCause cause, String key) {
		if (this.reporting) {
			this.events.removed(cause, key, null);
		}
	}

	/** As {@link #report(RemovalCause, String)}, for a key as redis sent it. */
	void report(RemovalCause cause, byte[] key) {
		if (this.reporting) {
			this.events.removed(cause, new String(key, StandardCharsets.UTF_8), null);
		}
	}

}
