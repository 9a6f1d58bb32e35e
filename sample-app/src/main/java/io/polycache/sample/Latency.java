package io.polycache.sample;

/** Stands in for a database or remote call by blocking the caller. */
final class Latency {

	private Latency() {
	}

	/** Blocks for {@code millis}; an interrupt ends the wait early and stays set on the thread. */
	static void simulate(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
