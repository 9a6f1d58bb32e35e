package io.polycache.memcached;

/**
 * A memcached operation that failed: a server down or too slow, or a reply that was not
 * the one asked for. Under fail-open (the default) a cache turns it into a miss or a
 * logged, dropped write; otherwise it reaches the caller.
 */
public class MemcachedAccessException extends RuntimeException {

	public MemcachedAccessException(String message, Throwable cause) {
		super(message, cause);
	}

	public MemcachedAccessException(String message) {
		super(message);
	}

}
