package io.polycache.redis;

import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

import io.polycache.internal.OutageGuardStore;

/**
 * Which redis failures mean the server cannot be reached: those that trip a cache's outage
 * guard ({@link OutageGuardStore}).
 */
public final class RedisOutages {

	private static final Predicate<RuntimeException> OUTAGES = OutageGuardStore
		.causedBy(DataAccessResourceFailureException.class, TransientDataAccessException.class, TimeoutException.class);

	private RedisOutages() {
	}

	/**
	 * Whether the failure, or one of its causes, says redis could not be reached or did
	 * not answer in time: Spring Data Redis's {@code RedisConnectionFailureException} (a
	 * {@link DataAccessResourceFailureException}), its {@code QueryTimeoutException} for a
	 * command timeout (a {@link TransientDataAccessException}), or a client
	 * {@link TimeoutException}. An error the server answered with ({@code WRONGTYPE}, a
	 * script error: a {@code RedisSystemException}) is not an outage.
	 */
	public static boolean isOutage(RuntimeException failure) {
		return OUTAGES.test(failure);
	}

}
