package io.polycache.internal;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The re-invocation of the annotated method whose cache operations Spring's cache
 * interceptor is performing on this thread, if any: a call that runs the method again with
 * the same target and arguments, through the advice inside the cache interceptor
 * (transactions, security...) but not through the cache interceptor itself, and returns
 * what the cache would hold (a {@code CompletableFuture}'s value, an {@code Optional}'s
 * content). {@link StoreCache} uses it as the loader of a value read or written by a plain
 * {@code @Cacheable} method, so that {@code refresh-after} can reload it.
 * <p>Set only while the interceptor itself reads and writes caches, never while the method
 * body runs (nor while a re-invocation runs): a cache call made by the method body is
 * never taken for the interceptor's. Reactive methods, methods not called through a Spring
 * AOP proxy, {@code sync = true} methods (they have a loader) and {@code @CachePut} methods
 * have none. The auto-configuration installs what sets it
 * ({@code io.polycache.autoconfigure.ReinvokingCacheInterceptor}).
 * <p>What the thread holds is a source that makes the re-invocation on first demand, so a
 * call whose caches never ask pays one thread-local write and nothing more. Each thread
 * sees only its own. A re-invocation may be called any number of times, from any thread;
 * it holds the method's target and argument objects by reference.
 */
public final class Reinvocation {

	private static final ThreadLocal<@Nullable Supplier<Callable<@Nullable Object>>> CURRENT = new ThreadLocal<>();

	private Reinvocation() {
	}

	/** The re-invocation this thread's cache operations are made for, or {@code null}. */
	public static @Nullable Callable<@Nullable Object> current() {
		Supplier<Callable<@Nullable Object>> source = CURRENT.get();
		return (source != null) ? source.get() : null;
	}

	/**
	 * Makes {@code source} (which returns the same re-invocation whenever it is asked,
	 * {@code null}: none) this thread's current one until {@link #restore} puts back what
	 * this returns, in a {@code finally} block.
	 * @return the source current before, to restore
	 */
	public static @Nullable Supplier<Callable<@Nullable Object>> enter(
			@Nullable Supplier<Callable<@Nullable Object>> source) {
		Supplier<Callable<@Nullable Object>> previous = CURRENT.get();
		// set(null), not remove(): no entry is allocated again at the next enter.
		CURRENT.set(source);
		return previous;
	}

	/** Puts back the source {@link #enter} returned. */
	public static void restore(@Nullable Supplier<Callable<@Nullable Object>> previous) {
		CURRENT.set(previous);
	}

}
