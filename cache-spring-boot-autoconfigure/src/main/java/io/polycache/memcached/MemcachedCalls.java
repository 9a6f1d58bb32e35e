package io.polycache.memcached;

import java.util.concurrent.TimeoutException;

import net.rubyeye.xmemcached.exception.MemcachedException;

/** Runs xmemcached calls, turning their checked failures into {@link MemcachedAccessException}. */
final class MemcachedCalls {

	private MemcachedCalls() {
	}

	/** One xmemcached call. */
	@FunctionalInterface
	interface Call<T> {

		T run() throws TimeoutException, InterruptedException, MemcachedException;

	}

	/**
	 * The call's result; a failure names the operation, the key and the client. An
	 * interrupted thread keeps its interrupt flag.
	 */
	static <T> T call(SharedMemcachedClient client, String operation, String key, Call<T> call) {
		try {
			return call.run();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure(client, operation, key, ex);
		}
		catch (TimeoutException | MemcachedException ex) {
			throw failure(client, operation, key, ex);
		}
	}

	private static MemcachedAccessException failure(SharedMemcachedClient client, String operation, String key,
			Exception cause) {
		return new MemcachedAccessException(
				"memcached " + operation + " of '" + key + "' on " + client.settings().servers() + " failed: " + cause,
				cause);
	}

}
