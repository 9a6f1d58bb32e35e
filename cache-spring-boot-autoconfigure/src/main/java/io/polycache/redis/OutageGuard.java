package io.polycache.redis;

import java.time.Duration;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * Keeps a redis outage from costing every call the full client timeout. When a call fails
 * because redis cannot be reached or does not answer in time, calls in the next
 * {@code retryInterval} fail at once with a {@link RedisConnectionFailureException}; the
 * first call after it tries redis again. Under fail-open such a failure is a miss, so an
 * {@code @Cacheable} method answers from its loader after at most one timeout, not one per
 * redis command it makes.
 * <p>Errors the server answers with (a wrong type, a script error) say nothing about
 * reachability and do not count. Thread-safe and lock-free; the state is a best effort:
 * calls racing with a failure may still reach redis.
 */
final class OutageGuard {

	/** How long calls fail fast after redis was found unreachable. */
	static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	private final String name;

	private final long retryNanos;

	/** {@code System.nanoTime()} until which calls fail fast; meaningful while {@link #down}. */
	private volatile long downUntil;

	private volatile boolean down;

	OutageGuard(String name, Duration retryInterval) {
		this.name = name;
		this.retryNanos = retryInterval.toNanos();
	}

	/** Throws if redis failed recently; otherwise lets the call through. */
	void checkAvailable() {
		if (this.down && System.nanoTime() - this.downUntil < 0) {
			throw new RedisConnectionFailureException("Redis was unreachable for " + this.name
					+ "* moments ago; not trying again for up to " + Duration.ofNanos(this.retryNanos).toMillis()
					+ " ms");
		}
	}

	void succeeded() {
		if (this.down) {
			this.down = false;
		}
	}

	void failed(RuntimeException failure) {
		if (failure instanceof TransientDataAccessException || failure instanceof DataAccessResourceFailureException) {
			this.downUntil = System.nanoTime() + this.retryNanos;
			this.down = true;
		}
	}

}
