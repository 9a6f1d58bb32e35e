package io.polycache.core;

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
 * keys run in parallel. A key is registered only while its load runs.
 * <p>Thread-safe.
 */
final class SingleFlight {

	private final ConcurrentMap<Object, CompletableFuture<@Nullable Object>> running = new ConcurrentHashMap<>();

	/**
	 * Runs {@code load} on this thread, or waits for the load of the same key already running.
	 * @throws Exception what the load threw, whichever thread ran it
	 * @throws InterruptedException if this thread is interrupted while it waits
	 * @throws IllegalStateException if this thread is already loading the key, from inside
	 * the loader
	 */
	@Nullable Object load(Object key, Callable<@Nullable Object> load) throws Exception {
		CompletableFuture<@Nullable Object> mine = new OwnedLoad();
		CompletableFuture<@Nullable Object> other = this.running.putIfAbsent(key, mine);
		if (other != null) {
			if (other instanceof OwnedLoad owned && owned.owner == Thread.currentThread()) {
				// Waiting here would wait for ourselves, forever.
				throw new IllegalStateException("Recursive load of key " + key
						+ ": its loader asked the cache for the same key");
			}
			return await(other);
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
			this.running.remove(key, mine);
		}
	}

	/**
	 * Starts the load from {@code start} unless one of the same key is running, and returns
	 * the future of whichever load serves this key. Never blocks.
	 */
	CompletableFuture<@Nullable Object> loadAsync(Object key, Supplier<CompletableFuture<@Nullable Object>> start) {
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> other = this.running.putIfAbsent(key, mine);
		if (other != null) {
			return other;
		}
		CompletableFuture<@Nullable Object> source;
		try {
			source = start.get();
		}
		catch (RuntimeException ex) {
			source = CompletableFuture.failedFuture(ex);
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

	private static @Nullable Object await(CompletableFuture<@Nullable Object> load) throws Exception {
		try {
			return load.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw (Error) cause;
		}
	}

	/** A synchronous load, with the thread that runs it. */
	private static final class OwnedLoad extends CompletableFuture<@Nullable Object> {

		final Thread owner = Thread.currentThread();

	}

}
