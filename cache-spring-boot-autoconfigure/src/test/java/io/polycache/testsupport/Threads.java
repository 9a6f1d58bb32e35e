package io.polycache.testsupport;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Looks for live threads, to prove background work stops when a context closes. Tests
 * share a JVM, so compare the threads a context started, not global counts.
 */
public final class Threads {

	private Threads() {
	}

	/** The live threads whose name starts with {@code prefix}. */
	public static Set<Thread> aliveNamed(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(thread -> thread.getName().startsWith(prefix) && thread.isAlive())
			.collect(Collectors.toSet());
	}

	/** The live threads whose name starts with {@code prefix} and that are not in {@code before}. */
	public static Set<Thread> startedSince(Set<Thread> before, String prefix) {
		Set<Thread> started = aliveNamed(prefix);
		started.removeAll(before);
		return started;
	}

}
