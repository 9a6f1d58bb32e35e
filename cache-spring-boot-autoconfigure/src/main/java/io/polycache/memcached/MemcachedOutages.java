package io.polycache.memcached;

import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import io.polycache.internal.OutageGuardStore;

/**
 * Which memcached failures mean a server did not answer: those that trip a cache's outage
 * guard ({@link OutageGuardStore}).
 */
public final class MemcachedOutages {

	private static final Predicate<RuntimeException> OUTAGES = OutageGuardStore.causedBy(TimeoutException.class);

	private MemcachedOutages() {
	}

	/**
	 * Whether the failure, or one of its causes, is xmemcached's {@link TimeoutException}:
	 * a server that is stopped, hung or unreachable without a refusal, which costs every
	 * call the full operation timeout. A server whose connection is closed (refused,
	 * crashed) does not count: in the failure mode Polycache runs xmemcached in, calls to
	 * it already fail at once, and only for the keys it holds, while the other servers keep
	 * serving theirs. Errors a server answers with ({@code SERVER_ERROR},
	 * {@code CLIENT_ERROR}), a value it did not store, and contention do not count either.
	 */
	public static boolean isOutage(RuntimeException failure) {
		return OUTAGES.test(failure);
	}

}
