package io.polycache.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * At most one load per key at a time: a caller that finds a load of its key running waits
 * for it and shares its value or its failure, instead of loading again. Loads of different
 * keys run in parallel. A key is registered only while its load runs: whatever its loader
 * throws (an {@code Error} included) or returns, the key is released and its waiters get
 * that outcome, except an {@code InterruptedException}: that is the interrupt of the
 * thread that ran the load, not a failure of the load, so one of its waiters loads instead.
 * <p>A loader that asks for its own key on the thread that runs it, synchronously or
 * asynchronously, would wait for itself forever; that fails at once with an
 * {@link IllegalStateException} instead. A loader that hands such a request to another
 * thread and waits for it is not detected.
 * <p>Thread-safe.
 */
final class SingleFlight {

	private final ConcurrentMap<Object, Load> running = new ConcurrentHashMap<>();

	/**
	 * Runs {@code load} on this thread, or waits for the load of the same key already running.
	 * @throws Exception what the load threw, whichever thread ran it
	 * @throws InterruptedException if this thread is interrupted while it waits
	 * @throws IllegalStateException if this thread is already loading the key, from inside
	 * the loader
	 */
	@Nullable Object load(Object key, Callable<@Nullable Object> load) throws Exception {
		Load mine = new Load(Thread.currentThread());
		Load other;
		while ((other = this.running.putIfAbsent(key, mine)) != null) {
			if (other.isRunBy(Thread.currentThread())) {
				throw recursive(key);
			}
			try {
				return await(other);
			}
			catch (InterruptedElsewhere ex) {
				// The thread it waited for was interrupted, not this one: take its place.
			}
		}
		try {
			Object value = load.call();
			mine.complete(value);
			return value;
		}
		catch (Throwable ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			mine.runner = null;
			this.running.remove(key, mine);
		}
	}

	/**
	 * Starts the load from {@code start} unless one of the same key is running, and returns
	 * the future of whichever load serves this key. Never blocks. Whatever {@code start}
	 * throws, or a {@code null} it returns, fails the returned future.
	 */
	CompletableFuture<@Nullable Object> loadAsync(Object key, Supplier<CompletableFuture<@Nullable Object>> start) {
		Load mine = new Load(Thread.currentThread());
		Load other = this.running.putIfAbsent(key, mine);
		if (other != null) {
			return other.isRunBy(Thread.currentThread()) ? CompletableFuture.failedFuture(recursive(key)) : other;
		}
		CompletableFuture<@Nullable Object> source;
		try {
			source = start.get();
			if (source == null) {
				source = CompletableFuture.failedFuture(
						new IllegalStateException("The async loader of key " + key + " returned no future"));
			}
		}
		catch (Throwable ex) {
			source = CompletableFuture.failedFuture(ex);
		}
		finally {
			// From here on the load runs wherever its future completes, not on this thread.
			mine.runner = null;
		}
		source.whenComplete((value, failure) -> {
			this.running.remove(key, mine);
			if (failure != null) {
				mine.completeExceptionally(failure);
			}
			else {
				mine.complete(value);
			}
		});
		return mine;
	}

	private static IllegalStateException recursive(Object key) {
		// Waiting here would wait for ourselves, forever.
		return new IllegalStateException(
				"Recursive load of key " + key + ": its loader asked the cache for the same key");
	}

	/**
	 * The outcome of another thread's load.
	 * @throws InterruptedException if this thread is interrupted while it waits
	 * @throws InterruptedElsewhere if the load ended with an {@code InterruptedException}:
	 * its own thread was interrupted, and this one must neither fail nor be interrupted for it
	 */
	private static @Nullable Object await(CompletableFuture<@Nullable Object> load) throws Exception {
		try {
			return load.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof InterruptedException) {
				throw new InterruptedElsewhere();
			}
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw (Error) cause;
		}
	}

	/** The load waited for was abandoned because its thread was interrupted. */
	private static final class InterruptedElsewhere extends Exception {

		InterruptedElsewhere() {
			super(null, null, false, false);
		}

	}

	/**
	 * A load under way, with the thread running its loader while it runs on one: for a
	 * synchronous load, until it finishes; for an asynchronous one, until its loader has
	 * returned the future.
	 */
	private static final class Load extends CompletableFuture<@Nullable Object> {

		volatile @Nullable Thread runner;

		Load(Thread runner) {
			this.runner = runner;
		}

		boolean isRunBy(Thread thread) {
			return this.runner == thread;
		}

	}

}
