package io.polycache.local;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether a recorded concurrent history of store operations is linearizable: whether
 * some order of the operations, consistent with real time (an operation that returned
 * before another was called comes first), gives every operation the result it actually
 * returned when replayed against a sequential bounded map with expiry. The search is Wing
 * and Gong's, with Lowe's memoization of (operations done, map state) pairs already explored.
 * <p>The sequential map holds at most {@code capacity} keys; inserting a new key into a
 * full map evicts one other key, any one: which key a policy picks is checked exactly by
 * the single-threaded model tests, while concurrently the design promises only a victim
 * chosen from a consistent view, so here the eviction is a free choice of the search.
 * <p>Expiry ({@link ExpiryModel}): time is a clock that only {@link Kind#TICK} operations
 * move (to the larger of its time and theirs). Each other operation reads the clock once
 * (as {@link LocalStore} does), at an instant of its own between its call and its return,
 * so it may use any time the clock held then; the search tries each.
 */
final class LinearizabilityChecker {

	enum Kind {

		GET, PUT, PUT_IF_ABSENT, REMOVE, INCREMENT,

		/** Moves the clock to {@code argument} if that is later; the key and result are unused. */
		TICK

	}

	/**
	 * One completed call.
	 * @param argument the value put, the delta, or a tick's time
	 * @param ttl milliseconds, 0 for none (of a put, or of an increment's created entry)
	 * @param invoked ticket taken just before the call
	 * @param returned ticket taken just after it returned
	 */
	record Operation(int thread, Kind kind, int key, long argument, long ttl, @Nullable Object result, long invoked,
			long returned) {

		Operation(int thread, Kind kind, int key, long argument, @Nullable Object result, long invoked, long returned) {
			this(thread, kind, key, argument, 0, result, invoked, returned);
		}

		@Override
		public String toString() {
			String call = switch (this.kind) {
				case GET, REMOVE -> "(" + this.key + ")";
				case TICK -> "(" + this.argument + ")";
				default -> "(" + this.key + ", " + this.argument + ((this.ttl > 0) ? ", ttl " + this.ttl : "") + ")";
			};
			return ((this.thread >= 0) ? "t" + this.thread : "ticker") + " " + this.kind + call + ((this.kind != Kind.TICK) ? " -> " + this.result : "")
					+ " [" + this.invoked + ", " + this.returned + "]";
		}

	}

	private final int keys;

	private final int capacity;

	private final long start;

	LinearizabilityChecker(int keys, int capacity) {
		this(keys, capacity, 0);
	}

	/** @param start the clock's time before any tick */
	LinearizabilityChecker(int keys, int capacity, long start) {
		this.keys = keys;
		this.capacity = capacity;
		this.start = start;
	}

	/**
	 * Whether the history, starting from an empty map, is linearizable. A put with a TTL
	 * counts twice towards the limit of 62: its own expiry may be raised after its value
	 * is stored ({@link ExpiryModel#raise}).
	 */
	boolean isLinearizable(List<Operation> history) {
		int count = history.size();
		List<Integer> raised = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			if (history.get(i).kind() == Kind.PUT && history.get(i).ttl() > 0) {
				raised.add(i);
			}
		}
		int steps = count + raised.size();
		if (steps > 62) {
			throw new IllegalArgumentException("histories of at most 62 steps, not " + steps);
		}
		// Steps count..steps-1 raise the own expiry of the puts in raised, after each one's own step.
		long[] mustFollow = new long[steps];
		int[] operationOf = new int[steps];
		for (int i = 0; i < steps; i++) {
			operationOf[i] = (i < count) ? i : raised.get(i - count);
		}
		for (int i = 0; i < steps; i++) {
			Operation later = history.get(operationOf[i]);
			for (int j = 0; j < steps; j++) {
				if (history.get(operationOf[j]).returned() < later.invoked()) {
					mustFollow[i] |= 1L << j;
				}
			}
			if (i >= count) {
				mustFollow[i] |= 1L << operationOf[i];
			}
		}
		return new Search(history, operationOf, mustFollow, times(history)).run(ExpiryModel.empty(this.keys, this.start));
	}

	/**
	 * The times each operation may have read: the clock is the latest of the ticks applied,
	 * each at an instant between its call and return, so at least those that returned before
	 * the operation was called, at most those called before it returned.
	 */
	private long[][] times(List<Operation> history) {
		long[][] times = new long[history.size()][];
		for (int i = 0; i < history.size(); i++) {
			Operation operation = history.get(i);
			long least = this.start;
			for (Operation tick : history) {
				if (tick.kind() == Kind.TICK && tick.returned() < operation.invoked()) {
					least = Math.max(least, tick.argument());
				}
			}
			TreeSet<Long> possible = new TreeSet<>(List.of(least));
			for (Operation tick : history) {
				if (tick.kind() == Kind.TICK && tick.invoked() < operation.returned() && tick.argument() > least) {
					possible.add(tick.argument());
				}
			}
			times[i] = possible.stream().mapToLong(Long::longValue).toArray();
		}
		return times;
	}

	private final class Search {

		private final List<Operation> history;

		private final int[] operationOf;

		private final long[] mustFollow;

		private final long[][] times;

		private final Set<String> explored = new HashSet<>();

		Search(List<Operation> history, int[] operationOf, long[] mustFollow, long[][] times) {
			this.history = history;
			this.operationOf = operationOf;
			this.mustFollow = mustFollow;
			this.times = times;
		}

		boolean run(ExpiryModel initial) {
			return search(0L, initial);
		}

		private boolean search(long done, ExpiryModel model) {
			int steps = this.operationOf.length;
			if (done == (1L << steps) - 1) {
				return true;
			}
			if (!this.explored.add(done + ":" + model.key())) {
				return false;
			}
			for (int i = 0; i < steps; i++) {
				long bit = 1L << i;
				if ((done & bit) != 0 || (this.mustFollow[i] & ~done) != 0) {
					continue;
				}
				for (ExpiryModel next : next(model, i)) {
					if (search(done | bit, next)) {
						return true;
					}
				}
			}
			return false;
		}

		/** The states step {@code i} can leave behind while returning what it returned. */
		private List<ExpiryModel> next(ExpiryModel model, int i) {
			int index = this.operationOf[i];
			Operation operation = this.history.get(index);
			List<ExpiryModel> outcomes = new ArrayList<>();
			if (i != index) {
				outcomes.addAll(model.raise(index));
			}
			else if (operation.kind() == Kind.TICK) {
				outcomes.add(model.tick(operation.argument()));
			}
			else {
				for (long now : this.times[index]) {
					outcomes.addAll(apply(model, operation, index, now));
				}
			}
			// Whatever the clock has expired may be taken out from then on, by any step.
			return outcomes.stream().flatMap((outcome) -> outcome.withExpiredTakenOut().stream()).toList();
		}

		private List<ExpiryModel> apply(ExpiryModel model, Operation operation, int index, long now) {
			int key = operation.key();
			Long present = model.liveValue(key, now);
			long expiresAt = ExpiryModel.expiresAt(now, operation.ttl());
			return switch (operation.kind()) {
				case GET -> Objects.equals(present, operation.result()) ? List.of(model) : List.of();
				case REMOVE -> Boolean.valueOf(present != null).equals(operation.result())
						? List.of(model.without(key)) : List.of();
				case PUT -> (present != null) ? List.of(model.overwrite(key, operation.argument(), expiresAt, index))
						: model.insert(key, operation.argument(), expiresAt, now, index, LinearizabilityChecker.this.capacity);
				case PUT_IF_ABSENT -> {
					if (!Objects.equals(present, operation.result())) {
						yield List.of();
					}
					yield (present != null) ? List.of(model)
							: model.insert(key, operation.argument(), expiresAt, now, index, LinearizabilityChecker.this.capacity);
				}
				case INCREMENT -> {
					long value = (present != null) ? present + operation.argument() : operation.argument();
					if (!Objects.equals(value, operation.result())) {
						yield List.of();
					}
					yield (present != null) ? List.of(model.increment(key, value))
							: model.insert(key, value, expiresAt, now, index, LinearizabilityChecker.this.capacity);
				}
				case TICK -> throw new IllegalStateException("a tick reads no time");
			};
		}

	}

}
