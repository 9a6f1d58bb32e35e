package io.polycache.autoconfigure;

/**
 * Told when a cache's warm-up has ended, successfully or not (a warm-up stopped by the
 * context closing is not reported). Called on the warm-up's own thread; must be
 * thread-safe, since caches warm in parallel.
 */
@FunctionalInterface
interface WarmupListener {

	void ended(WarmupRun.Progress progress);

}
