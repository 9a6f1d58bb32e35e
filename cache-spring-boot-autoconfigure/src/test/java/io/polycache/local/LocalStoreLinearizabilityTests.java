package io.polycache.local;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.local.HistoryRecorder.Call;
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

	private static final Kind[] WRITES = { Kind.PUT, Kind.PUT_IF_ABSENT, Kind.REMOVE, Kind.INCREMENT };

	/** Histories with overlapping operations after which a policy has been tested enough. */
	private static final int ENOUGH_CONCURRENT = 300;

	/** A bound per policy, so a slow machine runs fewer histories rather than a longer suite. */
	private static final long MAX_NANOS_PER_POLICY = 5_000_000_000L;

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void historiesAreLinearizable(EvictionPolicy policy) throws InterruptedException {
		SplittableRandom random = new SplittableRandom(policy.ordinal() * 7919L);
		HistoryRecorder recorder = new HistoryRecorder(THREADS, OPERATIONS_PER_THREAD);
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
				List<Operation> operations = recorder.record(store, random, LocalStoreLinearizabilityTests::plan);
				for (int key = 0; key < KEYS; key++) {
					operations.add(recorder.call(store, THREADS, new Call(Kind.GET, key, 0, 0)));
				}
				if (!new LinearizabilityChecker(KEYS, capacity).isLinearizable(operations)) {
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
		assertThat(checked).as("histories checked").isGreaterThanOrEqualTo(50);
		// An idle machine overlaps most histories; one overloaded by other processes may run
		// the threads one after another, which proves nothing either way: then say so.
		assumeThat(concurrent).as("histories with overlapping operations (machine too loaded?)").isPositive();
	}

	/** Reads a third of the time, else one of the four writes, with no TTL. */
	private static Call plan(SplittableRandom random, int thread, int index) {
		int dice = random.nextInt(100);
		Kind kind = (dice < 35) ? Kind.GET : WRITES[dice % WRITES.length];
		int key = random.nextInt(KEYS);
		long argument = (kind == Kind.INCREMENT) ? 1 + random.nextInt(3) : 1000L * (thread + 1) + index;
		return new Call(kind, key, argument, 0);
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

}
