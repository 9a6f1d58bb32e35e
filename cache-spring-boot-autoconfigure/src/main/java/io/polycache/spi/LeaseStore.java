package io.polycache.spi;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Leases that every instance sharing a store sees, for cluster-wide single flight
 * ({@code single-flight: cluster}): one short string per lease key, changed only
 * atomically and only from the value the caller expects. Polycache decides what the
 * strings mean (a holder's token, or a failed load's note); the store only keeps them,
 * each until its TTL passes, so a lease whose holder died frees itself.
 * <p>Lease keys come from {@link Leases#keys()}, never from the cache's entry keys, so a
 * lease never shares a stored entry with a value, and they are not entries of the cache:
 * they are not counted, evicted for size or returned by any read of the cache.
 * <p>Every string read back may have been written by anyone with access to the store:
 * implementations return at most {@value #MAX_VALUE_LENGTH} characters and never fail
 * with an {@code Error} on what they find there. They throw a {@code RuntimeException}
 * when the store cannot be reached; Polycache then loads within the instance.
 * <p>Implementations are thread-safe.
 */
public interface LeaseStore {

	/** The longest lease value Polycache writes, and the longest a store returns. */
	int MAX_VALUE_LENGTH = 512;

	/**
	 * The lease's live value: {@code null} when there is none (never taken, removed or
	 * expired), or when what the store holds there is not a lease value this store could
	 * have written (then it reads as free, and {@link #compareAndSet} with a {@code null}
	 * expectation may replace it).
	 */
	@Nullable String get(String key);

	/**
	 * Atomically, across every instance: if the lease's live value is {@code expected}
	 * ({@code null}: it has none), makes it {@code update}, to live for {@code ttl} (at
	 * least one millisecond; a store that counts in seconds rounds up), or removes it when
	 * {@code update} is {@code null}.
	 * @return whether the lease held {@code expected} and was changed
	 */
	boolean compareAndSet(String key, @Nullable String expected, @Nullable String update, Duration ttl);

}
