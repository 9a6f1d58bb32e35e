package io.polycache.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * A warning that is logged at most once per interval, however often it happens, with the
 * number of occurrences not logged since. For failures that can happen on every request,
 * such as a cache server that is down. Thread-safe and lock-free.
 */
public final class RateLimitedLog {

	private final Log logger;

	private final long intervalNanos;

	private final AtomicLong nextLogAt = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong suppressed = new AtomicLong();

	public RateLimitedLog(Log logger, Duration interval) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
	}

	/** Logs the warning unless one was logged within the interval; counts it either way. */
	public void warn(String message, @Nullable Throwable failure) {
		if (due()) {
			log(message, failure);
		}
	}

	/**
	 * As {@link #warn(String, Throwable)}, building the message only when it is logged: for
	 * a warning on a hot path, such as a queue that is full.
	 */
	public void warn(Supplier<String> message, @Nullable Throwable failure) {
		if (due()) {
			log(message.get(), failure);
		}
	}

	/** Whether a warning is to be logged now; counts it as suppressed otherwise. */
	private boolean due() {
		long now = System.nanoTime();
		long next = this.nextLogAt.get();
		if ((next != Long.MIN_VALUE && now - next < 0) || !this.nextLogAt.compareAndSet(next, now + this.intervalNanos)) {
			this.suppressed.incrementAndGet();
			return false;
		}
		return true;
	}

	private void log(String message, @Nullable Throwable failure) {
		long skipped = this.suppressed.getAndSet(0);
		String text = (skipped > 0) ? message + " (" + skipped + " similar warning(s) suppressed)" : message;
		if (this.logger.isDebugEnabled()) {
			this.logger.warn(text, failure);
		}
		else {
			this.logger.warn((failure != null) ? text + ": " + failure : text);
		}
	}

}
