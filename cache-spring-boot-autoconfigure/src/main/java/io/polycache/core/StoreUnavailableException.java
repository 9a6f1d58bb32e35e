package io.polycache.core;

/**
 * A call that was not sent to a cache store because the store was found unreachable
 * moments ago and another call is already checking whether it is back. It costs no time
 * and no network. Under fail-open (the default) it is a miss or a dropped write like any
 * other store failure; otherwise it reaches the caller, with the failure that took the
 * store down as its cause.
 */
public class StoreUnavailableException extends RuntimeException {

	public StoreUnavailableException(String message, Throwable cause) {
		// No stack trace: it is thrown at the rate of requests while a store is down.
		super(message, cause, false, false);
	}

}
