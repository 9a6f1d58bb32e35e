package io.polycache.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a recorded concurrent history of store operations is linearizable: whether
 * some order of the operations, consistent with real time (an operation that returned
 * before another was called comes first), gives every operation the result it actually
 * returned when replayed against a sequential bounded map. The search is Wing and Gong's,
 * with Lowe's memoization of (operations done, map state) pairs already explored.
 * <p>The sequential map holds at most {@code capacity} keys; inserting a new key into a
 * full map evicts one other key, any one: which key a policy picks is checked exactly by
 * the single-threaded model tests, while concurrently the design promises only a victim
 * chosen from a consistent view, so here the eviction is a free choice of the search.
 */
final class LinearizabilityChecker {

	enum Kind {

		GET, PUT, PUT_IF_ABSENT, REMOVE, INCREMENT

	}

	/**
	 * One completed call.
	 * @param invoked ticket taken just before the call
	 * @param returned ticket taken just after it returned
	 */
	record Operation(int thread, Kind kind, int key, long argument, @Nullable Object result, long invoked,
			long returned) {

		@Override
		public String toString() {
			return "t" + this.thread + " " + this.kind + "(" + this.key
					+ ((this.kind == Kind.GET || this.kind == Kind.REMOVE) ? "" : ", " + this.argument) + ") -> "
					+ this.result + " [" + this.invoked + ", " + this.returned + "]";
		}

	}

	private static final long ABSENT = Long.MIN_VALUE;

	private final int keys;

	private final int capacity;

	LinearizabilityChecker(int keys, int capacity) {
		this.keys = keys;
		this.capacity = capacity;
	}

	/** Whether the history, starting from an empty map, is linearizable. */
	boolean isLinearizable(List<Operation> history) {
		int count = history.size();
		if (count > 62) {
			throw new IllegalArgumentException("histories of at most 62 operations, not " + count);
		}
		long[] mustFollow = new long[count];
		for (int i = 0; i < count; i++) {
			for (int j = 0; j < count; j++) {
				if (history.get(j).returned() < history.get(i).invoked()) {
					mustFollow[i] |= 1L << j;
				}
			}
		}
		long[] empty = new long[this.keys];
		Arrays.fill(empty, ABSENT);
		return search(history, mustFollow, 0L, empty, new HashSet<>());
	}

	private boolean search(List<Operation> history, long[] mustFollow, long done, long[] map, Set<String> explored) {
		if (done == (1L << history.size()) - 1) {
			return true;
		}
		if (!explored.add(done + ":" + Arrays.toString(map))) {
			return false;
		}
		for (int i = 0; i < history.size(); i++) {
			long bit = 1L << i;
			if ((done & bit) != 0 || (mustFollow[i] & ~done) != 0) {
				continue;
			}
			for (long[] next : apply(map, history.get(i))) {
				if (search(history, mustFollow, done | bit, next, explored)) {
					return true;
				}
			}
		}
		return false;
	}

	/** The map states the operation can leave behind while returning what it returned. */
	private List<long[]> apply(long[] map, Operation operation) {
		int key = operation.key();
		long current = map[key];
		Long present = (current != ABSENT) ? current : null;
		return switch (operation.kind()) {
			case GET -> Objects.equals(present, operation.result()) ? List.of(map) : List.of();
			case REMOVE -> {
				if (!Boolean.valueOf(present != null).equals(operation.result())) {
					yield List.of();
				}
				long[] next = map.clone();
				next[key] = ABSENT;
				yield List.of(next);
			}
			case PUT -> store(map, key, operation.argument());
			case PUT_IF_ABSENT -> {
				if (!Objects.equals(present, operation.result())) {
					yield List.of();
				}
				yield (present != null) ? List.of(map) : store(map, key, operation.argument());
			}
			case INCREMENT -> {
				long value = (present != null) ? present + operation.argument() : operation.argument();
				yield Objects.equals(value, operation.result()) ? store(map, key, value) : List.of();
			}
		};
	}

	/** Writes the key, evicting any one other key if it is new and the map is full. */
	private List<long[]> store(long[] map, int key, long value) {
		long[] written = map.clone();
		written[key] = value;
		if (map[key] != ABSENT || Arrays.stream(map).filter(v -> v != ABSENT).count() < this.capacity) {
			return List.of(written);
		}
		List<long[]> outcomes = new ArrayList<>();
		for (int victim = 0; victim < this.keys; victim++) {
			if (victim != key && map[victim] != ABSENT) {
				long[] evicted = written.clone();
				evicted[victim] = ABSENT;
				outcomes.add(evicted);
			}
		}
		return outcomes;
	}

}
