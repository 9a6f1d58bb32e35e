package io.polycache.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;

import io.polycache.core.CacheRemoval;
import io.polycache.core.CacheRemovalListener;

/** A removal listener that keeps what it hears, and the threads it heard it on. Thread-safe. */
public final class CollectingRemovalListener implements CacheRemovalListener {

	private final List<CacheRemoval> removals = new CopyOnWriteArrayList<>();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	@Override
	public void onRemoval(CacheRemoval removal) {
		this.removals.add(removal);
		this.threads.add(Thread.currentThread());
	}

	/** What it heard so far, in order. */
	public List<CacheRemoval> removals() {
		return List.copyOf(this.removals);
	}

	/** Waits until it has heard at least {@code count} removals, and returns them. */
	public List<CacheRemoval> await(int count) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.removals.size() >= count);
		return removals();
	}

	/** The threads it was called on. */
	public List<Thread> threads() {
		return List.copyOf(this.threads);
	}

}
