package io.polycache.autoconfigure;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.interceptor.ExposeInvocationInterceptor;
import org.springframework.cache.interceptor.CacheInterceptor;
import org.springframework.cache.interceptor.CacheOperation;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.cache.interceptor.CachePutOperation;
import org.springframework.cache.interceptor.CacheableOperation;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.util.ObjectUtils;

import io.polycache.internal.Reinvocation;

/**
 * Spring's {@link CacheInterceptor}, with the method call it intercepts made available to
 * Polycache's caches as a {@link Reinvocation} while the interceptor reads and writes
 * them, so that {@code refresh-after} and {@code auto-refresh} can reload the value of a
 * plain {@code @Cacheable} method (one without {@code sync = true}) in the background.
 * <p>The re-invocation is a copy of the proxy's method invocation
 * ({@link ProxyMethodInvocation#invocableClone()}), taken when a cache first asks for it
 * or before the method runs, whichever comes first (a hit that no cache refreshes copies
 * nothing). Calling it runs the advice ordered inside the cache interceptor (transactions,
 * security...) and the method, with the same target and the same argument objects, but
 * not the cache interceptor. A {@code CompletableFuture} result is joined, an {@code Optional} unwrapped,
 * as the interceptor caches them. While the method body runs, and while a re-invocation
 * runs, the thread holds no re-invocation, so a cache call made by the method body is
 * never taken for the interceptor's; nested {@code @Cacheable} calls each see their own.
 * <p>No re-invocation for: {@code @CachePut} methods (re-invoking a write is not a read),
 * methods with only {@code @CacheEvict}, {@code sync = true} methods (their loader already
 * refreshes), reactive return types ({@code Mono}, {@code Flux}, Kotlin suspending
 * functions), and invocations that are not a Spring AOP proxy's.
 * <p>A {@code CompletableFuture} method's value is put by a callback when the future
 * completes, often on another thread: that completion is replayed with the re-invocation
 * current, and the caller gets a future completed afterwards, so the caller's own callbacks
 * never run with it. A method the interceptor runs only after it has returned to the caller
 * (when a cache of another kind, ahead of Polycache's in the operation, answers its lookup
 * later) gets no re-invocation: the caller already holds the future its callbacks complete.
 * <p>Thread-safe.
 */
final class ReinvokingCacheInterceptor implements MethodInterceptor {

	private final CacheInterceptor delegate;

	/** What each advised method gets, by method and target class. */
	private final Map<MethodClassKey, Kind> kinds = new ConcurrentHashMap<>();

	ReinvokingCacheInterceptor(CacheInterceptor delegate) {
		this.delegate = delegate;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Suspending suspending = suspending(invocation);
		Supplier<Callable<@Nullable Object>> previous = Reinvocation.enter(suspending);
		Object result;
		try {
			result = this.delegate.invoke((suspending != null) ? suspending : invocation);
		}
		finally {
			Reinvocation.restore(previous);
		}
		return (suspending != null) ? suspending.handOver(result) : result;
	}

	/** The invocation the cache interceptor gets, or {@code null} if this call has no re-invocation. */
	private @Nullable Suspending suspending(MethodInvocation invocation) {
		Object target = invocation.getThis();
		if (!(invocation instanceof ProxyMethodInvocation proxied) || target == null) {
			return null;
		}
		Kind kind = kind(invocation.getMethod(), AopProxyUtils.ultimateTargetClass(target));
		return (kind != Kind.NONE) ? new Suspending(proxied, kind == Kind.FUTURE) : null;
	}

	private Kind kind(Method method, Class<?> targetClass) {
		return this.kinds.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> classify(method, targetClass));
	}

	private Kind classify(Method method, Class<?> targetClass) {
		CacheOperationSource source = this.delegate.getCacheOperationSource();
		Collection<CacheOperation> operations = (source != null) ? source.getCacheOperations(method, targetClass)
				: null;
		if (operations == null || KotlinDetector.isSuspendingFunction(method)) {
			return Kind.NONE;
		}
		boolean cacheable = false;
		for (CacheOperation operation : operations) {
			if (operation instanceof CachePutOperation
					|| (operation instanceof CacheableOperation read && read.isSync())) {
				return Kind.NONE;
			}
			cacheable |= operation instanceof CacheableOperation;
		}
		if (!cacheable) {
			return Kind.NONE;
		}
		Class<?> returnType = method.getReturnType();
		if (CompletableFuture.class.isAssignableFrom(returnType)) {
			return Kind.FUTURE;
		}
		return (ReactiveAdapterRegistry.getSharedInstance().getAdapter(returnType) != null) ? Kind.NONE : Kind.PLAIN;
	}

	/**
	 * Calls the method again through the advice inside the cache interceptor, exposing the
	 * copy as the current invocation for AspectJ advice, with no re-invocation current.
	 */
	private static @Nullable Object reinvoke(MethodInvocation copy, boolean future) throws Exception {
		Supplier<Callable<@Nullable Object>> previous = Reinvocation.enter(null);
		try {
			Object result = ExposeInvocationInterceptor.INSTANCE.invoke(copy);
			return (future && result instanceof CompletableFuture<?> pending) ? pending.join()
					: ObjectUtils.unwrapOptional(result);
		}
		catch (Exception | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new UndeclaredThrowableException(ex);
		}
		finally {
			Reinvocation.restore(previous);
		}
	}

	/** What a method's calls get. */
	private enum Kind {

		/** No re-invocation. */
		NONE,

		/** A re-invocation. */
		PLAIN,

		/** A re-invocation, current again when the returned future completes. */
		FUTURE

	}

	/**
	 * The invocation handed to the cache interceptor: proceeding it runs the method with no
	 * re-invocation current, and restores it afterwards. Also the source of the call's
	 * re-invocation: a copy of the proxy's invocation is taken when a cache first asks for
	 * it, or at the latest before the method runs (proceeding moves the invocation along its
	 * interceptor chain, and a later copy would skip the inner advice). Used by the calling
	 * thread, by the thread that replays a future's completion after the copy is taken, and
	 * by the thread a late lookup answer runs the method on.
	 */
	private static final class Suspending implements MethodInvocation, Supplier<Callable<@Nullable Object>> {

		private final ProxyMethodInvocation invocation;

		private final boolean future;

		private @Nullable Callable<@Nullable Object> reinvocation;

		/** Set when a future's completion is to be replayed; guarded by {@code this}, as {@link #returned} is. */
		private @Nullable FutureHandOver pending;

		/** Whether the cache interceptor has returned to the caller. */
		private boolean returned;

		Suspending(ProxyMethodInvocation invocation, boolean future) {
			this.invocation = invocation;
			this.future = future;
		}

		@Override
		public Callable<@Nullable Object> get() {
			Callable<@Nullable Object> reinvocation = this.reinvocation;
			if (reinvocation == null) {
				MethodInvocation snapshot = this.invocation.invocableClone();
				boolean future = this.future;
				reinvocation = () -> reinvoke((snapshot instanceof ProxyMethodInvocation copyable)
						? copyable.invocableClone() : snapshot, future);
				this.reinvocation = reinvocation;
			}
			return reinvocation;
		}

		@Override
		public @Nullable Object proceed() throws Throwable {
			get();
			Supplier<Callable<@Nullable Object>> captured = Reinvocation.enter(null);
			Object result;
			try {
				result = this.invocation.proceed();
			}
			finally {
				Reinvocation.restore(captured);
			}
			if (this.future && result instanceof CompletableFuture<?> running && !running.isDone()) {
				synchronized (this) {
					// Run after the interceptor returned (a cache answered its lookup later, on
					// another thread): the caller has its future already, completed by the
					// interceptor's callbacks, so none of them may run with the re-invocation.
					if (!this.returned) {
						this.pending = new FutureHandOver(running, this);
						return this.pending.mirror();
					}
				}
			}
			return result;
		}

		/** What the caller gets for what the cache interceptor returned. */
		@Nullable Object handOver(@Nullable Object returned) {
			FutureHandOver pending;
			synchronized (this) {
				this.returned = true;
				pending = this.pending;
			}
			return (pending != null) ? pending.handOver(returned) : returned;
		}

		@Override
		public Method getMethod() {
			return this.invocation.getMethod();
		}

		@Override
		public @Nullable Object[] getArguments() {
			return this.invocation.getArguments();
		}

		@Override
		public @Nullable Object getThis() {
			return this.invocation.getThis();
		}

		@Override
		public AccessibleObject getStaticPart() {
			return this.invocation.getStaticPart();
		}

	}

}
