package io.polycache.testfixtures;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.polycache.spi.CacheStore;
import io.polycache.spi.ResizableStore;

/**
 * Workers running against a store while one more thread changes its bound, cycling
 * through given bounds: after each change, that thread counts the store several times and
 * reports any count above the bound it set (only it changes the bound, so every count
 * after its change must be within it). Workers report what they find wrong themselves.
 */
public final class ResizeRace {

	private ResizeRace() {
	}

	/** What each worker thread does, reporting violations to {@code violations}. */
	@FunctionalInterface
	public interface Worker {

		void run(int thread, Queue<String> violations) throws Exception;

	}

	/**
	 * Runs {@code workers} threads of {@code worker} and the resizing thread until every
	 * worker is done.
	 * @return the violations found, empty if none
	 * @throws AssertionError if the bound never changed while the workers ran
	 */
	public static <S extends CacheStore<?, ?> & ResizableStore> List<String> run(S store, long[] bounds,
			int sizeChecks, int workers, Worker worker) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(workers + 1);
		try {
			Queue<String> violations = new ConcurrentLinkedQueue<>();
			AtomicBoolean running = new AtomicBoolean(true);
			CountDownLatch start = new CountDownLatch(1);
			Future<Integer> resizer = executor.submit(() -> {
				start.await();
				int changes = 0;
				while (running.get()) {
					long bound = bounds[changes++ % bounds.length];
					store.resize(bound);
					for (int i = 0; i < sizeChecks; i++) {
						long size = store.size().orElseThrow();
						if (bound > 0 && size > bound) {
							violations.add("size " + size + " over bound " + bound);
						}
					}
				}
				return changes;
			});
			List<Future<?>> tasks = new ArrayList<>();
			for (int t = 0; t < workers; t++) {
				int thread = t;
				tasks.add(executor.submit(() -> {
					start.await();
					worker.run(thread, violations);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> task : tasks) {
				task.get(120, TimeUnit.SECONDS);
			}
			running.set(false);
			if (resizer.get(30, TimeUnit.SECONDS) == 0) {
				throw new AssertionError("the bound never changed while the workers ran");
			}
			return new ArrayList<>(violations);
		}
		finally {
			executor.shutdownNow();
			if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
				throw new AssertionError("the race's threads did not stop");
			}
		}
	}

}
