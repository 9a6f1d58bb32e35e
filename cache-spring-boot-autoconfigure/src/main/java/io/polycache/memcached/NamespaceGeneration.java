package io.polycache.memcached;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import net.rubyeye.xmemcached.MemcachedClient;
import org.apache.commons.logging.LogFactory;

import io.polycache.internal.RateLimitedLog;

/**
 * The namespace generation of one cache, part of every key, kept in memcached under the
 * cache's generation key so that every instance of the application sees the same one.
 * {@link #bump()} moves the cache to a fresh generation: that is {@code clear}, since
 * memcached cannot delete by prefix and {@code flush_all} would wipe every other cache.
 * Entries of old generations are never read again and age out by TTL or LRU.
 * <p>Each instance re-reads the generation at most once per check interval, so a clear by
 * another instance takes effect here within that interval; this instance's own clear
 * takes effect at once. A missing generation (a new cache, a restarted server, LRU
 * eviction) is created from the wall clock in milliseconds, which exceeds every earlier
 * generation: losing it clears the cache rather than bringing back cleared entries. When
 * the generation cannot be read, the last one known is kept, so keys on the servers still
 * up keep working.
 * <p>Thread-safe: one thread re-reads while the others keep using the last generation.
 */
final class NamespaceGeneration {

	private static final int MAX_ATTEMPTS = 8;

	private final SharedMemcachedClient shared;

	private final MemcachedClient client;

	private final String key;

	private final long timeout;

	private final long checkIntervalNanos;

	private final ReentrantLock refreshing = new ReentrantLock();

	private final RateLimitedLog failures;

	private volatile boolean known;

	private volatile long generation;

	private volatile long checkedAt;

	/** When the last read failed while no generation was known; far in the past at first. */
	private volatile long failedAt = System.nanoTime() - Long.MAX_VALUE / 2;

	NamespaceGeneration(SharedMemcachedClient shared, String key, Duration checkInterval) {
		this.shared = shared;
		this.client = shared.nativeClient();
		this.key = key;
		this.timeout = shared.settings().operationTimeout().toMillis();
		this.checkIntervalNanos = checkInterval.toNanos();
		this.failures = new RateLimitedLog(LogFactory.getLog(NamespaceGeneration.class), Duration.ofSeconds(10));
	}

	/**
	 * The generation to use now. While one call reads the generation, others use the one
	 * they know; knowing none yet, they wait for that read at most one operation timeout,
	 * so no call waits out several timeouts in a row behind others. After a failed first
	 * read, calls fail at once (a miss under fail-open) until a check interval has passed.
	 */
	long current() {
		if (this.known && !isDue()) {
			return this.generation;
		}
		if (!this.known && failedRecently()) {
			throw unknown("reading it failed less than a check interval ago");
		}
		if (!acquire()) {
			if (this.known) {
				return this.generation;
			}
			throw unknown("another call has been reading it for a whole operation timeout");
		}
		try {
			if (this.known && !isDue()) {
				return this.generation;
			}
			if (!this.known && failedRecently()) {
				throw unknown("the read this call waited for failed");
			}
			return refresh();
		}
		finally {
			this.refreshing.unlock();
		}
	}

	/** Takes the read lock: at once when a generation is known, else within one timeout. */
	private boolean acquire() {
		if (this.known) {
			return this.refreshing.tryLock();
		}
		try {
			return this.refreshing.tryLock(this.timeout, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unknown("interrupted while waiting for it");
		}
	}

	private boolean failedRecently() {
		return System.nanoTime() - this.failedAt < this.checkIntervalNanos;
	}

	private IllegalStateException unknown(String reason) {
		return new IllegalStateException("The namespace generation '" + this.key + "' is unknown: " + reason);
	}

	/** Moves the cache to a new generation, for every instance, and returns it. */
	long bump() {
		long next = MemcachedCalls.call(this.shared, "incr", this.key,
				() -> this.client.incr(this.key, 1, System.currentTimeMillis(), this.timeout));
		remember(next);
		return next;
	}

	private long refresh() {
		try {
			long read = readOrCreate();
			remember(read);
			return read;
		}
		catch (MemcachedAccessException | IllegalStateException ex) {
			if (!this.known) {
				this.failedAt = System.nanoTime();
				throw ex;
			}
			// Try again after another interval, not on every operation.
			this.checkedAt = System.nanoTime();
			this.failures.warn("Cannot read the namespace generation '" + this.key + "'; keeping generation "
					+ this.generation + " until it can be read again", ex);
			return this.generation;
		}
	}

	private long readOrCreate() {
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			MemcachedItem item = MemcachedCalls.call(this.shared, "get", this.key,
					() -> this.client.get(this.key, this.timeout, ItemTranscoder.INSTANCE));
			if (item != null) {
				return item.counterValue();
			}
			long created = System.currentTimeMillis();
			boolean added = MemcachedCalls.call(this.shared, "add", this.key, () -> this.client.add(this.key, 0,
					MemcachedItem.counter(created, 0), ItemTranscoder.INSTANCE, this.timeout));
			if (added) {
				return created;
			}
		}
		throw new MemcachedAccessException("The namespace generation '" + this.key + "' kept changing; gave up after "
				+ MAX_ATTEMPTS + " attempts");
	}

	private void remember(long value) {
		this.generation = value;
		this.checkedAt = System.nanoTime();
		this.known = true;
	}

	private boolean isDue() {
		return System.nanoTime() - this.checkedAt >= this.checkIntervalNanos;
	}

}
