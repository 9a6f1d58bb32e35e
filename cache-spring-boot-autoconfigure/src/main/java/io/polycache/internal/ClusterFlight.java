package io.polycache.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.core.ClusterLoadException;
import io.polycache.spi.LeaseStore;
import io.polycache.spi.Leases;

/**
 * Cluster-wide single flight ({@code single-flight: cluster}) for one cache: of the loads
 * of one key that run at once on every instance sharing the store, one runs its loader;
 * the others wait for its value. It builds on {@link SingleFlight}, which already lets
 * one caller per key and JVM through, so only that caller talks to the store.
 * <p><b>The lease.</b> A loader runs only while its instance holds the key's lease
 * ({@link LeaseValue#held}), taken atomically in the store and expiring after
 * {@code single-flight-lease}, so an instance that dies mid-load holds up the others for
 * at most that long. The holder reads the key once more after taking the lease (another
 * instance may have stored it just before), loads and stores the value, then releases the
 * lease. A load that fails turns the lease into a note of the failure for
 * {@value #FAILURE_NOTE_MILLIS} ms: the instances that waited for that load fail with a
 * {@link ClusterLoadException}, while a caller arriving later takes the lease over and
 * loads again. A load that returns {@code null} and stores nothing (nulls not cached)
 * leaves such a note too, and its waiters return {@code null}: they do not load in turn.
 * <p><b>Waiting.</b> A waiter sleeps, then reads the value (one command), and while it is
 * not there, the lease (one more): two commands per round, with sleeps from
 * {@value #MIN_WAIT_MILLIS} ms doubling up to {@value #MAX_WAIT_MILLIS} ms (at most a
 * quarter of the lease). A lease found free, expired or holding something Polycache did
 * not write is taken over. Every lease and value read a waiter makes is counted
 * ({@link #waiterCommands()}).
 * <p><b>Failure of the store.</b> When the leases cannot be reached (a server down), the
 * load goes ahead within this instance, as with {@code single-flight: instance}, and a
 * warning is logged at most once per ten seconds.
 * <p>Thread-safe.
 */
final class ClusterFlight {

	static final long MIN_WAIT_MILLIS = 2;

	static final long MAX_WAIT_MILLIS = 100;

	static final long FAILURE_NOTE_MILLIS = 1000;

	/** How often in a row a lease that changed under a waiter is tried again before it sleeps. */
	private static final int RETRIES_WITHOUT_SLEEP = 3;

	private final String cacheName;

	private final LeaseStore store;

	private final Leases leases;

	private final Duration lease;

	private final long maxWaitMillis;

	private final RateLimitedLog log;

	private final LongAdder waits = new LongAdder();

	private final LongAdder waiterCommands = new LongAdder();

	ClusterFlight(String cacheName, Leases leases, Duration lease) {
		this.cacheName = cacheName;
		this.store = leases.store();
		this.leases = leases;
		this.lease = lease;
		this.maxWaitMillis = Math.max(1, Math.min(MAX_WAIT_MILLIS, lease.toMillis() / 4));
		this.log = new RateLimitedLog(LogFactory.getLog(ClusterFlight.class), Duration.ofSeconds(10));
	}

	/**
	 * Runs {@code load} here if this instance takes the key's lease, or waits for the
	 * value another instance's load stores.
	 * @param stored reads the key's value from the store: {@code null} while there is none
	 * @param load loads and stores the value, and returns it
	 * @throws ClusterLoadException if the load this call waited for failed on another instance
	 * @throws InterruptedException if this thread is interrupted while it waits
	 */
	@Nullable Object load(Object key, Supplier<@Nullable Object> stored, Callable<@Nullable Object> load)
			throws Exception {
		Attempt attempt;
		Outcome outcome;
		try {
			attempt = new Attempt(key);
			outcome = attempt.start();
			while (outcome == Outcome.WAIT) {
				Thread.sleep(attempt.nextWait());
				Object value = attempt.read(stored);
				if (value != null) {
					return value;
				}
				outcome = attempt.poll();
			}
		}
		catch (RuntimeException ex) {
			unreachable(ex);
			return load.call();
		}
		if (outcome == Outcome.FAILED) {
			throw attempt.failure();
		}
		if (outcome == Outcome.EMPTY) {
			return null;
		}
		return attempt.holdAndLoad(stored, load);
	}

	/**
	 * {@link #load}, for a load that completes a future. A waiter sleeps without a thread:
	 * its rounds run on {@link CompletableFuture}'s default async pool.
	 * @param start starts the load; the future it returns completes once the value is stored
	 */
	CompletableFuture<@Nullable Object> loadAsync(Object key, Supplier<@Nullable Object> stored,
			Supplier<CompletableFuture<@Nullable Object>> start) {
		Attempt attempt;
		Outcome outcome;
		try {
			attempt = new Attempt(key);
			outcome = attempt.start();
		}
		catch (RuntimeException ex) {
			unreachable(ex);
			return start.get();
		}
		CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
		continueAsync(attempt, outcome, stored, start, result);
		return result;
	}

	private void continueAsync(Attempt attempt, Outcome outcome, Supplier<@Nullable Object> stored,
			Supplier<CompletableFuture<@Nullable Object>> start, CompletableFuture<@Nullable Object> result) {
		switch (outcome) {
			case HOLD -> completeWith(attempt.holdAndStart(stored, start), result);
			case FAILED -> result.completeExceptionally(attempt.failure());
			case EMPTY -> result.complete(null);
			case WAIT -> CompletableFuture.delayedExecutor(attempt.nextWait(), TimeUnit.MILLISECONDS).execute(() -> {
				try {
					Object value = attempt.read(stored);
					if (value != null) {
						result.complete(value);
						return;
					}
					continueAsync(attempt, attempt.poll(), stored, start, result);
				}
				catch (RuntimeException ex) {
					unreachable(ex);
					completeWith(started(start), result);
				}
				catch (Throwable ex) {
					// Nothing else completes the result: a waiter must never be left hanging.
					result.completeExceptionally(ex);
				}
			});
		}
	}

	/** Completes {@code result} as {@code load} completes, with its value or its failure. */
	private static void completeWith(CompletableFuture<@Nullable Object> load,
			CompletableFuture<@Nullable Object> result) {
		load.whenComplete((value, failure) -> {
			if (failure != null) {
				result.completeExceptionally(failure);
			}
			else {
				result.complete(value);
			}
		});
	}

	/** The load {@code start} starts; whatever it throws, or a missing future, fails it. */
	private static CompletableFuture<@Nullable Object> started(Supplier<CompletableFuture<@Nullable Object>> start) {
		try {
			CompletableFuture<@Nullable Object> load = start.get();
			return (load != null) ? load
					: CompletableFuture.failedFuture(new IllegalStateException("The async loader returned no future"));
		}
		catch (Throwable ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * A background reload guarded by the key's lease: it loads only if this instance takes
	 * the lease at once and the value is still due once it holds it; otherwise another
	 * instance reloads, or just has, and this one skips ({@link RefreshAhead.Reload#SKIPPED}).
	 * The lease is released after the value is stored.
	 * @param due whether the stored value still needs reloading
	 */
	RefreshAhead.Reload guard(Object key, BooleanSupplier due, Callable<?> load, Consumer<@Nullable Object> store) {
		return new RefreshAhead.Reload() {

			private @Nullable Attempt holding;

			@Override
			public @Nullable Object load() throws Exception {
				try {
					Attempt attempt = new Attempt(key);
					if (attempt.start() != Outcome.HOLD) {
						return SKIPPED;
					}
					this.holding = attempt;
				}
				catch (RuntimeException ex) {
					unreachable(ex);
				}
				if (!due.getAsBoolean()) {
					return SKIPPED;
				}
				try {
					return load.call();
				}
				catch (Exception | Error ex) {
					Attempt attempt = this.holding;
					this.holding = null;
					if (attempt != null) {
						attempt.fail(ex);
					}
					throw ex;
				}
			}

			@Override
			public void store(@Nullable Object value) {
				store.accept(value);
			}

			@Override
			public void finished() {
				Attempt attempt = this.holding;
				if (attempt != null) {
					attempt.release();
				}
			}

		};
	}

	/** How many times a caller waited for another instance's load; for tests and benchmarks. */
	long waits() {
		return this.waits.sum();
	}

	/** How many lease and value reads waiting callers made; for tests and benchmarks. */
	long waiterCommands() {
		return this.waiterCommands.sum();
	}

	private void unreachable(RuntimeException ex) {
		this.log.warn("Cache '" + this.cacheName + "' could not reach its store for a cluster-wide load (its lease or "
				+ "the value); loading within this instance only", ex);
	}

	private enum Outcome {

		/** This instance holds the lease: it loads. */
		HOLD,

		/** Another instance holds it: wait, then read the value. */
		WAIT,

		/** The load this caller waited for failed. */
		FAILED,

		/** The load this caller waited for returned {@code null}, and stored nothing. */
		EMPTY

	}

	/** One caller's attempt at one key: its token, and the holder it saw. Not thread-safe; one at a time. */
	private final class Attempt {

		private final String leaseKey;

		private final String token = LeaseValue.newToken();

		private @Nullable String seenHolder;

		private @Nullable String failureNote;

		private long wait = MIN_WAIT_MILLIS;

		private boolean counted;

		Attempt(Object key) {
			this.leaseKey = ClusterFlight.this.leases.keys().toStoreKey(key);
		}

		/** Takes the lease if it is free (one command), or looks at it. */
		Outcome start() {
			return take(null) ? Outcome.HOLD : poll();
		}

		/** Looks at the lease: waits for its holder, fails with it, or takes it over. */
		Outcome poll() {
			for (int round = 0; round < RETRIES_WITHOUT_SLEEP; round++) {
				String current = command(() -> ClusterFlight.this.store.get(this.leaseKey));
				LeaseValue value = (current != null) ? LeaseValue.parse(current) : null;
				if (value != null && value.held()) {
					this.seenHolder = value.token();
					return Outcome.WAIT;
				}
				if (value != null && value.token().equals(this.seenHolder)) {
					this.failureNote = value.failure();
					return value.empty() ? Outcome.EMPTY : Outcome.FAILED;
				}
				// Free, expired, the note of a load this caller never waited for, or not Polycache's.
				if (take(current)) {
					return Outcome.HOLD;
				}
			}
			return Outcome.WAIT;
		}

		private boolean take(@Nullable String current) {
			return command(() -> ClusterFlight.this.store.compareAndSet(this.leaseKey, current,
					LeaseValue.held(this.token), ClusterFlight.this.lease));
		}

		/** The next sleep before reading the value again; counts this caller as a waiter once. */
		long nextWait() {
			if (!this.counted) {
				this.counted = true;
				ClusterFlight.this.waits.increment();
			}
			long next = this.wait;
			this.wait = Math.min(this.wait * 2, ClusterFlight.this.maxWaitMillis);
			return next;
		}

		@Nullable Object read(Supplier<@Nullable Object> stored) {
			ClusterFlight.this.waiterCommands.increment();
			return stored.get();
		}

		private <T> T command(Supplier<T> command) {
			if (this.counted) {
				ClusterFlight.this.waiterCommands.increment();
			}
			return command.get();
		}

		ClusterLoadException failure() {
			return new ClusterLoadException("The load of this key in cache '" + ClusterFlight.this.cacheName
					+ "' failed on another instance: " + this.failureNote);
		}

		/** Holding the lease: reads once more, loads if still missing, then releases. */
		@Nullable Object holdAndLoad(Supplier<@Nullable Object> stored, Callable<@Nullable Object> load)
				throws Exception {
			try {
				Object value = stored.get();
				if (value == null) {
					value = load.call();
				}
				end(value);
				return value;
			}
			catch (Exception | Error ex) {
				fail(ex);
				throw ex;
			}
		}

		CompletableFuture<@Nullable Object> holdAndStart(Supplier<@Nullable Object> stored,
				Supplier<CompletableFuture<@Nullable Object>> start) {
			CompletableFuture<@Nullable Object> load;
			try {
				Object value = stored.get();
				load = (value != null) ? CompletableFuture.completedFuture(value) : start.get();
			}
			catch (RuntimeException | Error ex) {
				load = CompletableFuture.failedFuture(ex);
			}
			return load.whenComplete((value, failure) -> {
				if (failure != null) {
					fail((failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
							: failure);
				}
				else {
					end(value);
				}
			});
		}

		/**
		 * Ends a load that returned: releases the lease, or, if it stored nothing (a
		 * {@code null} not cached), leaves a note so its waiters return {@code null} too.
		 */
		void end(@Nullable Object value) {
			if (value != null) {
				release();
				return;
			}
			try {
				ClusterFlight.this.store.compareAndSet(this.leaseKey, LeaseValue.held(this.token),
						LeaseValue.empty(this.token), Duration.ofMillis(FAILURE_NOTE_MILLIS));
			}
			catch (RuntimeException ex) {
				unreachable(ex);
			}
		}

		void release() {
			try {
				ClusterFlight.this.store.compareAndSet(this.leaseKey, LeaseValue.held(this.token), null,
						ClusterFlight.this.lease);
			}
			catch (RuntimeException ex) {
				unreachable(ex);
			}
		}

		/**
		 * Tells the instances waiting for this load that it failed; a later caller loads
		 * again. An interrupt (an application context closing) is no failure of the load:
		 * the lease is released, and a waiting instance loads instead.
		 */
		void fail(Throwable failure) {
			if (failure instanceof InterruptedException) {
				release();
				return;
			}
			try {
				ClusterFlight.this.store.compareAndSet(this.leaseKey, LeaseValue.held(this.token),
						LeaseValue.failed(this.token, failure), Duration.ofMillis(FAILURE_NOTE_MILLIS));
			}
			catch (RuntimeException ex) {
				unreachable(ex);
			}
		}

	}

}
