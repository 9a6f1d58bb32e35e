package io.polycache.local;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.local.HistoryRecorder.Call;
import io.polycache.local.LinearizabilityChecker.Operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Records thousands of short histories per policy, three threads started together on four
 * keys, in stores that evict (two or three entries) and stores that do not, with one-slot
 * read-buffer stripes (every read contends) and the default, and has
 * {@link LinearizabilityChecker} search each for a legal order. A subclass says what the
 * threads call, on what store, and what is read once they are done.
 */
abstract class AbstractLinearizabilityTests {

	static final int THREADS = 3;

	static final int OPERATIONS_PER_THREAD = 5;

	static final int KEYS = 4;

	/** Histories checked per policy however long they take. */
	static final int LEAST_CHECKED = 50;

	private final long seed;

	private final int histories;

	private final int enoughConcurrent;

	private final long maxNanosPerPolicy;

	/**
	 * @param enoughConcurrent histories with overlapping operations after which a policy has
	 * been tested enough
	 * @param maxNanosPerPolicy a bound per policy, so a slow machine runs fewer histories
	 * rather than a longer suite (never fewer than {@link #LEAST_CHECKED})
	 */
	AbstractLinearizabilityTests(long seed, int histories, int enoughConcurrent, long maxNanosPerPolicy) {
		this.seed = seed;
		this.histories = histories;
		this.enoughConcurrent = enoughConcurrent;
		this.maxNanosPerPolicy = maxNanosPerPolicy;
	}

	abstract HistoryRecorder recorder();

	/** A new store for one history, on the recorder's ticker or not. */
	abstract LocalStore<Object> store(EvictionPolicy policy, int capacity, int stripeCapacity, long seed,
			HistoryRecorder recorder);

	/** What call {@code index} of {@code thread} does. */
	abstract Call plan(SplittableRandom random, int thread, int index);

	/** Appends what is read, as a fourth thread, once the threads are done. */
	abstract void finish(HistoryRecorder recorder, LocalStore<Object> store, List<Operation> operations);

	abstract LinearizabilityChecker checker(int capacity);

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void historiesAreLinearizable(EvictionPolicy policy) throws InterruptedException {
		SplittableRandom random = new SplittableRandom(policy.ordinal() * this.seed);
		HistoryRecorder recorder = recorder();
		int checked = 0;
		int concurrent = 0;
		long deadline = System.nanoTime() + this.maxNanosPerPolicy;
		try {
			// The deadline only cuts a run short once the least is checked: on a machine slow
			// enough to miss it, the run takes longer rather than fail.
			for (int history = 0; history < this.histories && (checked < LEAST_CHECKED
					|| concurrent < this.enoughConcurrent && System.nanoTime() < deadline); history++) {
				int capacity = new int[] { 2, 3, 8 }[history % 3];
				int stripeCapacity = (history % 2 == 0) ? 1 : LocalStore.READ_BUFFER_STRIPE_CAPACITY;
				LocalStore<Object> store = store(policy, capacity, stripeCapacity, random.nextLong(), recorder);
				List<Operation> operations = recorder.record(store, random, this::plan);
				finish(recorder, store, operations);
				if (!checker(capacity).isLinearizable(operations)) {
					fail(policy + ", capacity " + capacity + ", stripe capacity " + stripeCapacity
							+ ": not linearizable:\n  " + String.join("\n  ", operations.stream().map(String::valueOf).toList()));
				}
				store.checkInvariants();
				checked++;
				if (HistoryRecorder.hasOverlap(operations)) {
					concurrent++;
				}
			}
		}
		finally {
			recorder.stop();
		}
		assertThat(checked).as("histories checked").isGreaterThanOrEqualTo(LEAST_CHECKED);
		// An idle machine overlaps most histories; one overloaded by other processes may run
		// the threads one after another, which proves nothing either way: then say so.
		assumeThat(concurrent).as("histories with overlapping operations (machine too loaded?)").isPositive();
	}

}
