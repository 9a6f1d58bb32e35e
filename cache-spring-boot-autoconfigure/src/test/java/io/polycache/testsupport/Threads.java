package io.polycache.testsupport;

/** Looks for live threads, to prove background work stops when a context closes. */
public final class Threads {

	private Threads() {
	}

	/** How many live threads have a name starting with {@code prefix}. */
	public static long aliveNamed(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive())
			.count();
	}

}
