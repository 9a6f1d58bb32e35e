package io.polycache.autoconfigure;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.polycache.internal.Reinvocation;

/**
 * Replays the completion of a {@code @Cacheable} method's {@code CompletableFuture} with
 * the method's {@link Reinvocation} current, so the cache interceptor's put (a callback on
 * the future, run by whichever thread completes it) stores the value as reloadable, and
 * hands the caller a future completed only after that replay, so no callback of the
 * caller's runs with the re-invocation current.
 * <p>The cache interceptor gets {@link #mirror()} as the method's result and registers its
 * callbacks there; the caller gets the future {@link #handOver} returns, completed like
 * the one the cache interceptor returned, once both that one is known and the mirror has
 * completed (in either order). Thread-safe.
 */
final class FutureHandOver {

	private final CompletableFuture<@Nullable Object> mirror = new CompletableFuture<>();

	private final CompletableFuture<@Nullable Object> handed = new CompletableFuture<>();

	/** The mirror's completion and the cache interceptor's return: linked at the second. */
	private final AtomicInteger arrivals = new AtomicInteger();

	private volatile @Nullable CompletableFuture<?> returned;

	/**
	 * @param reinvocation the source of the method's re-invocation, made already: it is
	 * asked for it on the thread that completes the future
	 */
	FutureHandOver(CompletableFuture<?> result, Supplier<Callable<@Nullable Object>> reinvocation) {
		result.whenComplete((value, failure) -> {
			Supplier<Callable<@Nullable Object>> previous = Reinvocation.enter(reinvocation);
			try {
				if (failure != null) {
					this.mirror.completeExceptionally(failure);
				}
				else {
					this.mirror.complete(value);
				}
			}
			finally {
				Reinvocation.restore(previous);
			}
			arrive();
		});
	}

	/** The future the cache interceptor sees as the method's result. */
	CompletableFuture<@Nullable Object> mirror() {
		return this.mirror;
	}

	/**
	 * The future for the caller, completed as {@code returned} (what the cache interceptor
	 * returned) is; anything but a future is the caller's as it is.
	 */
	@Nullable Object handOver(@Nullable Object returned) {
		if (!(returned instanceof CompletableFuture<?> future)) {
			return returned;
		}
		this.returned = future;
		arrive();
		return this.handed;
	}

	private void arrive() {
		if (this.arrivals.incrementAndGet() < 2) {
			return;
		}
		// Read after the count: the second to arrive sees what handOver wrote before counting.
		CompletableFuture<?> source = this.returned;
		if (source != null) {
			source.whenComplete((value, failure) -> {
				if (failure != null) {
					this.handed.completeExceptionally(failure);
				}
				else {
					this.handed.complete(value);
				}
			});
		}
	}

}
