package io.polycache.local;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.local.HistoryRecorder.Call;
import io.polycache.local.LinearizabilityChecker.Kind;
import io.polycache.local.LinearizabilityChecker.Operation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linearizability of {@link LocalStore}'s {@code get}, {@code put}, {@code putIfAbsent},
 * {@code remove} and {@code increment}: thousands of short histories, three threads
 * started together on four keys, in stores that evict (two or three entries) and stores
 * that do not, with one-slot read-buffer stripes (every read contends) and the default.
 * Each history ends with a read of every key once all threads are done, so the state left
 * behind is checked too. {@link LinearizabilityChecker} then searches for a legal order.
 * {@link LocalStoreExpiryLinearizabilityTests} does the same with TTLs.
 */
class LocalStoreLinearizabilityTests extends AbstractLinearizabilityTests {

	private static final Kind[] WRITES = { Kind.PUT, Kind.PUT_IF_ABSENT, Kind.REMOVE, Kind.INCREMENT };

	LocalStoreLinearizabilityTests() {
		super(7919L, 2_500, 300, 5_000_000_000L);
	}

	@Override
	HistoryRecorder recorder() {
		return new HistoryRecorder(THREADS, OPERATIONS_PER_THREAD);
	}

	@Override
	LocalStore<Object> store(EvictionPolicy policy, int capacity, int stripeCapacity, long seed,
			HistoryRecorder recorder) {
		return new LocalStore<>(Counters.OBJECTS, capacity, policy, Clock.systemUTC(), new StatsCounter(),
				new SplittableRandom(seed), stripeCapacity);
	}

	/** A read of every key. */
	@Override
	void finish(HistoryRecorder recorder, LocalStore<Object> store, List<Operation> operations) {
		for (int key = 0; key < KEYS; key++) {
			operations.add(recorder.call(store, THREADS, new Call(Kind.GET, key, 0, 0)));
		}
	}

	@Override
	LinearizabilityChecker checker(int capacity) {
		return new LinearizabilityChecker(KEYS, capacity);
	}

	/** Reads a third of the time, else one of the four writes, with no TTL. */
	@Override
	Call plan(SplittableRandom random, int thread, int index) {
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
