package io.polycache.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.polycache.core.StoreUnavailableException;

/**
 * The state of one remote store, as seen by its calls: up, or down until the next probe.
 * <ul>
 * <li>Up: every call goes through. A call that fails with an outage (the
 * {@code outages} predicate: the store could not be reached or did not answer in time)
 * makes it down.</li>
 * <li>Down: for {@code window} after the failure, every call fails at once with a
 * {@link StoreUnavailableException}. After it, one call at a time is let through as a
 * probe while the others keep failing at once. A probe that succeeds, or that fails with
 * something other than an outage (the server answered), makes the store up again; a probe
 * that fails with an outage starts another window.</li>
 * </ul>
 * Calls already under way when the store goes down finish as they would have; only a
 * probe brings the store up, so a late answer to an old call cannot. Failures that say
 * nothing about reachability (a server's error reply, a value it refused) never count.
 * <p>Thread-safe and lock-free: the state is one immutable value swapped atomically.
 */
final class OutageGuard {

	private static final State UP = new State(false, 0, false, null);

	private final String storeName;

	private final Predicate<RuntimeException> outages;

	private final long windowNanos;

	private final LongSupplier nanoTime;

	private final AtomicReference<State> state = new AtomicReference<>(UP);

	/**
	 * @param storeName names the store in failures
	 * @param outages which failures mean the store is unreachable
	 * @param window how long calls fail at once after such a failure, before a probe
	 * @param nanoTime the time source, {@code System::nanoTime} outside tests
	 */
	OutageGuard(String storeName, Predicate<RuntimeException> outages, Duration window, LongSupplier nanoTime) {
		this.storeName = storeName;
		this.outages = outages;
		this.windowNanos = window.toNanos();
		this.nanoTime = nanoTime;
	}

	/**
	 * Lets a call through, or fails it at once.
	 * @return whether the call is the probe of a store that is down
	 * @throws StoreUnavailableException if the store is down and this call is not the probe
	 */
	boolean enter() {
		while (true) {
			State current = this.state.get();
			if (!current.down) {
				return false;
			}
			long now = this.nanoTime.getAsLong();
			if (current.probing || now - current.retryAt < 0) {
				throw unavailable(current, now);
			}
			if (this.state.compareAndSet(current, new State(true, current.retryAt, true, current.cause))) {
				return true;
			}
		}
	}

	/** The call let through by {@link #enter()} returned normally. */
	void succeeded(boolean probe) {
		if (probe) {
			this.state.set(UP);
		}
	}

	/** The call let through by {@link #enter()} threw {@code failure}. */
	void failed(boolean probe, Throwable failure) {
		boolean outage = failure instanceof RuntimeException runtime && this.outages.test(runtime);
		if (probe) {
			// A reply of any kind, even an error, proves the store reachable; an Error proves
			// nothing, nor does a refusal (memcached's removeByPrefix), made without asking the server.
			State current = this.state.get();
			boolean replied = failure instanceof RuntimeException && !(failure instanceof UnsupportedOperationException);
			this.state.set(outage ? down((RuntimeException) failure)
					: replied ? UP : new State(true, current.retryAt, false, current.cause));
			return;
		}
		if (outage) {
			this.state.compareAndSet(UP, down((RuntimeException) failure));
		}
	}

	/** Whether calls fail at once now, except for a probe. */
	boolean isDown() {
		return this.state.get().down;
	}

	private State down(RuntimeException cause) {
		return new State(true, this.nanoTime.getAsLong() + this.windowNanos, false, cause);
	}

	private StoreUnavailableException unavailable(State current, long now) {
		String next = current.probing ? "another call is checking whether it is back"
				: "the next call in " + Math.max(0, Duration.ofNanos(current.retryAt - now).toMillis())
						+ " ms checks whether it is back";
		return new StoreUnavailableException("Cache store " + this.storeName + " is unreachable; " + next,
				(current.cause != null) ? current.cause : new IllegalStateException("unreachable"));
	}

	/**
	 * @param retryAt when the next probe may start, in {@code nanoTime}; meaningful while down
	 * @param probing whether a probe is under way
	 * @param cause the failure that made the store down
	 */
	private record State(boolean down, long retryAt, boolean probing, @Nullable RuntimeException cause) {
	}

}
