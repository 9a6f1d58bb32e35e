package io.polycache.core;

/**
 * How far single-flight loading reaches ({@code cache.backends.<name>.single-flight}):
 * which concurrent loads of one key share one run of the loader.
 */
public enum SingleFlightScope {

	/** Loads of one key share one run of the loader within this JVM. */
	INSTANCE,

	/**
	 * Loads of one key share one run of the loader across every instance that shares the
	 * store, through a lease held in the store; only for a backend that
	 * {@linkplain io.polycache.spi.BackendTraits#holdsLeases() holds leases}.
	 */
	CLUSTER

}
