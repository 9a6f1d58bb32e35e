package io.polycache.local;

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
 * Linearizability of {@link LocalStore} with TTLs, as {@link LocalStoreLinearizabilityTests}
 * checks it without: three threads on four keys, each call a {@code get}, {@code put},
 * {@code putIfAbsent}, {@code remove}, {@code increment} or a tick of the store's ticker,
 * which the threads move forward while the others run; the ticker also ticks by itself
 * just after some reads, so the reader works on with a time the others have left behind.
 * Writes have no TTL, a short one or a longer one (an entry expiring before the ring's
 * last goes to the heap), so entries expire in the middle of histories: read at their
 * expiry, overwritten lock-free with a later one, taken out by a writer that finds them
 * expired while another overwrites or removes them, purged by an insert that needs room.
 * Each history ends with reads of every key at three later times, so the expiries left
 * behind are checked too.
 * {@link LinearizabilityChecker} lets an operation running across a tick use either time.
 */
class LocalStoreExpiryLinearizabilityTests extends AbstractLinearizabilityTests {

	/** The ticker's time at the start of each history. */
	private static final long START = 1_000;

	private static final long SHORT_TTL = 4;

	private static final long LONG_TTL = 9;

	/**
	 * One read of the ticker in this many moves it forward just after the read: the reader
	 * goes on with the old time while the other threads see the new one.
	 */
	private static final int READS_PER_TICK = 3;

	/**
	 * Up to 5,000 histories a policy, within 4 seconds; tested enough after 2,000 with
	 * overlapping operations: more than without TTLs, since a race with a tick is rarer (an
	 * expired entry taken out without its CAS while a writer that read the time before
	 * overwrites it: about one history in ten thousand on two idle cores).
	 */
	LocalStoreExpiryLinearizabilityTests() {
		super(104_729L, 5_000, 2_000, 4_000_000_000L);
	}

	@Override
	HistoryRecorder recorder() {
		return new HistoryRecorder(THREADS, OPERATIONS_PER_THREAD, READS_PER_TICK);
	}

	@Override
	LocalStore<Object> store(EvictionPolicy policy, int capacity, int stripeCapacity, long seed,
			HistoryRecorder recorder) {
		recorder.clock().set(START);
		return new LocalStore<>(Counters.OBJECTS, capacity, policy, recorder.ticker(), new StatsCounter(),
				new SplittableRandom(seed), stripeCapacity);
	}

	/** Reads of every key now, a short TTL later, and a long TTL after that. */
	@Override
	void finish(HistoryRecorder recorder, LocalStore<Object> store, List<Operation> operations) {
		for (long later : new long[] { 0, SHORT_TTL, LONG_TTL }) {
			long time = recorder.clock().get() + later;
			operations.add(recorder.call(store, THREADS, new Call(Kind.TICK, 0, time, 0)));
			for (int key = 0; key < KEYS; key++) {
				operations.add(recorder.call(store, THREADS, new Call(Kind.GET, key, 0, 0)));
			}
		}
	}

	@Override
	LinearizabilityChecker checker(int capacity) {
		return new LinearizabilityChecker(KEYS, capacity, START);
	}

	/**
	 * A tick one call in eight, to a time up to a long TTL after the start; reads a quarter
	 * of the time; writes with no TTL, the short or the long one, a third each.
	 */
	@Override
	Call plan(SplittableRandom random, int thread, int index) {
		int dice = random.nextInt(100);
		if (dice < 12) {
			return new Call(Kind.TICK, 0, START + 1 + random.nextInt((int) LONG_TTL + 3), 0);
		}
		Kind kind = (dice < 37) ? Kind.GET : new Kind[] { Kind.PUT, Kind.PUT_IF_ABSENT, Kind.REMOVE, Kind.INCREMENT }[dice % 4];
		int key = random.nextInt(KEYS);
		long argument = (kind == Kind.INCREMENT) ? 1 + random.nextInt(3) : 1000L * (thread + 1) + index;
		long ttl = new long[] { 0, SHORT_TTL, LONG_TTL }[random.nextInt(3)];
		return new Call(kind, key, argument, ttl);
	}

	@Test
	void checkerRejectsAReadAtTheExpiry() {
		List<Operation> history = new ArrayList<>(List.of(new Operation(0, Kind.PUT, 1, 10, 4, null, 1, 2),
				new Operation(0, Kind.TICK, 0, START + 4, null, 3, 4), new Operation(1, Kind.GET, 1, 0, 10L, 5, 6)));
		assertThat(checker().isLinearizable(history)).isFalse();
		history.set(2, new Operation(1, Kind.GET, 1, 0, null, 5, 6));
		assertThat(checker().isLinearizable(history)).isTrue();
	}

	@Test
	void checkerLetsAReadAcrossATickUseEitherTime() {
		List<Operation> history = new ArrayList<>(List.of(new Operation(0, Kind.PUT, 1, 10, 4, null, 1, 2),
				new Operation(0, Kind.TICK, 0, START + 4, null, 4, 5), new Operation(1, Kind.GET, 1, 0, 10L, 3, 6)));
		assertThat(checker().isLinearizable(history)).as("before the tick").isTrue();
		history.set(2, new Operation(1, Kind.GET, 1, 0, null, 3, 6));
		assertThat(checker().isLinearizable(history)).as("after").isTrue();
	}

	@Test
	void checkerKeepsTheExpiryOfTheValueThatStays() {
		// A put without a TTL over one with: the value no longer expires.
		List<Operation> history = List.of(new Operation(0, Kind.PUT, 1, 10, 4, null, 1, 2),
				new Operation(0, Kind.PUT, 1, 20, 0, null, 3, 4), new Operation(0, Kind.TICK, 0, START + 50, null, 5, 6),
				new Operation(1, Kind.GET, 1, 0, null, 7, 8));
		assertThat(checker().isLinearizable(history)).isFalse();
	}

	@Test
	void checkerCountsAnExpiredEntryUntilAnInsertThatNeedsItsPlacePurgesIt() {
		// Capacity 2: keys 0 (expired) and 1; an insert of 2 purges 0 and evicts nothing.
		List<Operation> history = new ArrayList<>(List.of(new Operation(0, Kind.PUT, 0, 10, 4, null, 1, 2),
				new Operation(0, Kind.PUT, 1, 20, 0, null, 3, 4), new Operation(0, Kind.TICK, 0, START + 4, null, 5, 6),
				new Operation(0, Kind.PUT, 2, 30, 0, null, 7, 8), new Operation(0, Kind.GET, 1, 0, 20L, 9, 10)));
		assertThat(new LinearizabilityChecker(KEYS, 2, START).isLinearizable(history)).as("1 kept").isTrue();
		history.set(4, new Operation(0, Kind.GET, 1, 0, null, 9, 10));
		assertThat(new LinearizabilityChecker(KEYS, 2, START).isLinearizable(history)).as("1 evicted").isFalse();
	}

	@Test
	void checkerLetsARacingOverwriteLoseItsValueOnlyWhileItRuns() {
		// A lock-free overwrite stores its value before it raises the expiry (Node.keepsExpiry):
		// while it runs, a purge at the old expiry may take the new value out.
		List<Operation> history = new ArrayList<>(List.of(new Operation(0, Kind.PUT, 1, 10, 4, null, 1, 2),
				new Operation(0, Kind.PUT, 1, 20, 9, null, 3, 8), new Operation(1, Kind.TICK, 0, START + 4, null, 4, 5),
				new Operation(1, Kind.GET, 1, 0, null, 9, 10)));
		assertThat(checker().isLinearizable(history)).as("racing the tick").isTrue();
		history.set(2, new Operation(1, Kind.TICK, 0, START + 4, null, 9, 10));
		history.set(3, new Operation(1, Kind.GET, 1, 0, null, 11, 12));
		assertThat(checker().isLinearizable(history)).as("after it").isFalse();
	}

	private static LinearizabilityChecker checker() {
		return new LinearizabilityChecker(KEYS, 8, START);
	}

}
