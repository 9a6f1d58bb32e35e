package io.polycache.local;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.local.LinearizabilityChecker.Kind;
import io.polycache.local.LinearizabilityChecker.Operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Linearizability of {@link LocalStore}'s {@code get}, {@code put}, {@code putIfAbsent},
 * {@code remove} and {@code increment}: thousands of short histories, three threads
 * started together on four keys, in stores that evict (two or three entries) and stores
 * that do not, with one-slot read-buffer stripes (every read contends) and the default.
 * Each history ends with a read of every key once all threads are done, so the state left
 * behind is checked too. {@link LinearizabilityChecker} then searches for a legal order.
 */
class LocalStoreLinearizabilityTests {

	private static final int THREADS = 3;

	private static final int OPERATIONS_PER_THREAD = 5;

	private static final int KEYS = 4;

	private static final int HISTORIES = 2_500;

	/** Histories with overlapping operations after which a policy has been tested enough. */
	private static final int ENOUGH_CONCURRENT = 300;

	/** A bound per policy, so a slow machine runs fewer histories rather than a longer suite. */
	private static final long MAX_NANOS_PER_POLICY = 5_000_000_000L;

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void historiesAreLinearizable(EvictionPolicy policy) throws InterruptedException {
		SplittableRandom random = new SplittableRandom(policy.ordinal() * 7919L);
		Recorder recorder = new Recorder();
		int checked = 0;
		int concurrent = 0;
		long deadline = System.nanoTime() + MAX_NANOS_PER_POLICY;
		try {
			for (int history = 0; history < HISTORIES && concurrent < ENOUGH_CONCURRENT
					&& System.nanoTime() < deadline; history++) {
				int capacity = new int[] { 2, 3, 8 }[history % 3];
				int stripeCapacity = (history % 2 == 0) ? 1 : LocalStore.READ_BUFFER_STRIPE_CAPACITY;
				LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, capacity, policy, Clock.systemUTC(), new StatsCounter(),
						new SplittableRandom(random.nextLong()), stripeCapacity);
				List<Operation> operations = recorder.record(store, random);
				if (!new LinearizabilityChecker(KEYS, capacity).isLinearizable(operations)) {
					fail(policy + ", capacity " + capacity + ", stripe capacity " + stripeCapacity
							+ ": not linearizable:\n  " + String.join("\n  ", operations.stream().map(String::valueOf).toList()));
				}
				store.checkInvariants();
				checked++;
				if (hasOverlap(operations)) {
					concurrent++;
				}
			}
		}
		finally {
			recorder.stop();
		}
		assertThat(checked).as("histories checked").isGreaterThanOrEqualTo(50);
		// An idle machine overlaps most histories; one overloaded by other processes may run
		// the threads one after another, which proves nothing either way: then say so.
		assumeThat(concurrent).as("histories with overlapping operations (machine too loaded?)").isPositive();
	}

	@Test
	void checkerRejectsAStaleRead() {
		List<Operation> history = List.of(new Operation(0, Kind.PUT, 1, 10, null, 1, 2),
				new Operation(0, Kind.PUT, 1, 20, null, 3, 4), new Operation(1, Kind.GET, 1, 0, 10L, 5, 6));
		assertThat(new LinearizabilityChecker(KEYS, 8).isLinearizable(history)).isFalse();
	}

	@Test
	void checkerAcceptsAnyVictimButNotTheKeyBeingPut() {
		List<Operation> history = new ArrayList<>(List.of(new Operation(0, Kind.PUT, 0, 1, null, 1, 2),
				new Operation(0, Kind.PUT, 1, 2, null, 3, 4), new Operation(0, Kind.PUT, 2, 3, null, 5, 6),
				new Operation(0, Kind.GET, 0, 0, 1L, 7, 8), new Operation(0, Kind.GET, 1, 0, 2L, 9, 10)));
		assertThat(new LinearizabilityChecker(KEYS, 2).isLinearizable(history)).as("nothing evicted").isFalse();
		history.set(4, new Operation(0, Kind.GET, 1, 0, null, 9, 10));
		assertThat(new LinearizabilityChecker(KEYS, 2).isLinearizable(history)).as("1 evicted").isTrue();
		history.set(4, new Operation(0, Kind.GET, 2, 0, null, 9, 10));
		assertThat(new LinearizabilityChecker(KEYS, 2).isLinearizable(history)).as("2 evicted").isFalse();
	}

	private static boolean hasOverlap(List<Operation> operations) {
		for (Operation a : operations) {
			for (Operation b : operations) {
				if (a != b && a.invoked() < b.invoked() && b.invoked() < a.returned()) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Runs each history on {@link #THREADS} threads that stay alive between histories and
	 * start on a shared generation counter, spinning rather than parking so they start
	 * within a few hundred nanoseconds of each other and their operations overlap.
	 */
	private static final class Recorder {

		private final AtomicLong tickets = new AtomicLong();

		private final AtomicInteger generation = new AtomicInteger();

		private final AtomicInteger running = new AtomicInteger();

		private final AtomicInteger ready = new AtomicInteger();

		private final List<Thread> threads = new ArrayList<>();

		private volatile boolean stopped;

		private volatile @Nullable LocalStore<Object> store;

		private final Kind[][] kinds = new Kind[THREADS][OPERATIONS_PER_THREAD];

		private final int[][] keys = new int[THREADS][OPERATIONS_PER_THREAD];

		private final long[][] arguments = new long[THREADS][OPERATIONS_PER_THREAD];

		private final List<List<Operation>> recorded = new ArrayList<>();

		Recorder() {
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				this.recorded.add(new ArrayList<>());
				Thread worker = new Thread(() -> work(thread), "linearizability-" + t);
				worker.setDaemon(true);
				this.threads.add(worker);
				worker.start();
			}
		}

		List<Operation> record(LocalStore<Object> store, SplittableRandom random) {
			Kind[] all = Kind.values();
			for (int t = 0; t < THREADS; t++) {
				this.recorded.get(t).clear();
				for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
					int dice = random.nextInt(100);
					this.kinds[t][i] = (dice < 35) ? Kind.GET : all[1 + dice % (all.length - 1)];
					this.keys[t][i] = random.nextInt(KEYS);
					this.arguments[t][i] = (this.kinds[t][i] == Kind.INCREMENT) ? 1 + random.nextInt(3)
							: 1000L * (t + 1) + i;
				}
			}
			this.store = store;
			this.ready.set(0);
			this.running.set(THREADS);
			this.generation.incrementAndGet();
			while (this.running.get() > 0) {
				Thread.yield();
			}
			List<Operation> history = new ArrayList<>();
			this.recorded.forEach(history::addAll);
			for (int key = 0; key < KEYS; key++) {
				history.add(call(store, THREADS, Kind.GET, key, 0));
			}
			return history;
		}

		private void work(int thread) {
			int seen = 0;
			while (!this.stopped) {
				if (this.generation.get() == seen) {
					Thread.yield();
					continue;
				}
				seen = this.generation.get();
				LocalStore<Object> store = this.store;
				awaitOthers();
				SplittableRandom jitter = new SplittableRandom(seen * 31L + thread);
				for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
					// A few hundred nanoseconds at most, so the threads' operations interleave differently.
					for (int spin = jitter.nextInt(40); spin > 0; spin--) {
						Thread.onSpinWait();
					}
					this.recorded.get(thread)
						.add(call(store, thread, this.kinds[thread][i], this.keys[thread][i], this.arguments[thread][i]));
				}
				this.running.decrementAndGet();
			}
		}

		/** A spinning barrier: threads that pass it are all running at that moment. */
		private void awaitOthers() {
			this.ready.incrementAndGet();
			for (int spin = 0; this.ready.get() < THREADS; spin++) {
				if (spin < 20_000) {
					Thread.onSpinWait();
				}
				else {
					Thread.yield();
				}
			}
		}

		private Operation call(LocalStore<Object> store, int thread, Kind kind, int key, long argument) {
			Long boxedKey = (long) key;
			long invoked = this.tickets.incrementAndGet();
			Object result = switch (kind) {
				case GET -> store.get(boxedKey);
				case PUT -> {
					store.put(boxedKey, argument, Duration.ZERO);
					yield null;
				}
				case PUT_IF_ABSENT -> store.putIfAbsent(boxedKey, argument, Duration.ZERO);
				case REMOVE -> store.remove(boxedKey);
				case INCREMENT -> store.increment(boxedKey, argument, Duration.ZERO);
			};
			long returned = this.tickets.incrementAndGet();
			return new Operation(thread, kind, key, argument, result, invoked, returned);
		}

		void stop() throws InterruptedException {
			this.stopped = true;
			for (Thread thread : this.threads) {
				thread.join(5_000);
			}
		}

	}

}
