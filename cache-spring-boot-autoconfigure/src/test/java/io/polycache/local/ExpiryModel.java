package io.polycache.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One state of the sequential map {@link LinearizabilityChecker} replays histories
 * against: per key a value and, as {@link LocalStore}'s {@link Node} keeps it, where its
 * expiry is (a node made for a write with a TTL keeps its own; a value may be wrapped with
 * its expiry), plus the clock. Immutable: each step returns new states.
 * <p>Three freedoms, each for what the store does and documents, and only there:
 * <ul>
 * <li>An entry expired by the clock is still in the map (it fills a place, and an operation
 * that read the time before the tick that expired it finds it live) until a write at a time
 * after its expiry takes it out, or a purge does: the store purges only when an insert
 * finds it full, but other operations may take it out meanwhile, so
 * {@link #withExpiredTakenOut} lets the search take out any expired entry at any step.
 * <li>A lock-free overwrite of a node that keeps its own expiry stores the bare value, then
 * raises that expiry ({@link Node#raiseExpiry}): in between, the new value goes with the
 * old expiry, and a purge or a writer may take it out as expired. This is the limit
 * documented on {@link Node#keepsExpiry} ("one just overwritten may be read with the
 * expiry before it, as expired"), so the raise is a step of its own ({@link #raise}).
 * <li>Two such overwrites of one key at once: the raise is a check and a store, not
 * atomic, so the expiry may end as either's (the "different TTL racing overwrite" limit
 * of {@link Node#raiseExpiry}): a raise whose check another raise may have passed since
 * its value was stored may also set a lower expiry.
 * </ul>
 */
final class ExpiryModel {

	static final long NEVER = Node.NEVER;

	private static final long ABSENT = Long.MIN_VALUE;

	private static final long BARE = Long.MIN_VALUE;

	/** A raise still to come: {@code operation} stored a bare value on {@code node} of {@code key}. */
	private record Pending(int operation, int key, int node, long to, boolean contested) {
	}

	private final long clock;

	private final long[] values;

	/** Which write made each key's node, 1 + its index; 0 for none. */
	private final int[] nodes;

	/** Each node's own expiry: {@link #NEVER} for one made without a TTL, which keeps none. */
	private final long[] own;

	/** The expiry a value is wrapped with, or {@link #BARE}. */
	private final long[] wrapped;

	private final List<Pending> pending;

	private ExpiryModel(long clock, long[] values, int[] nodes, long[] own, long[] wrapped, List<Pending> pending) {
		this.clock = clock;
		this.values = values;
		this.nodes = nodes;
		this.own = own;
		this.wrapped = wrapped;
		this.pending = pending;
	}

	static ExpiryModel empty(int keys, long clock) {
		long[] values = new long[keys];
		Arrays.fill(values, ABSENT);
		return new ExpiryModel(clock, values, new int[keys], new long[keys], new long[keys], List.of());
	}

	/** As {@code Expiry.at}, in the checker's milliseconds. */
	static long expiresAt(long now, long ttl) {
		return (ttl == 0) ? NEVER : now + ttl;
	}

	/** A string equal for states no later operation can tell apart, for memoization. */
	String key() {
		StringBuilder key = new StringBuilder().append(this.clock);
		for (int k = 0; k < this.values.length; k++) {
			key.append('|').append(this.values[k]);
			if (this.values[k] != ABSENT) {
				key.append(',').append(this.own[k]).append(',').append(this.wrapped[k]);
			}
		}
		for (Pending raise : this.pending) {
			key.append('|').append(raise.operation()).append(':');
			key.append(isCurrent(raise) ? raise.to() + (raise.contested() ? "c" : "") : "gone");
		}
		return key.toString();
	}

	@Nullable Long liveValue(int key, long now) {
		return (this.values[key] != ABSENT && now < expiry(key)) ? this.values[key] : null;
	}

	ExpiryModel tick(long time) {
		return new ExpiryModel(Math.max(this.clock, time), this.values, this.nodes, this.own, this.wrapped,
				this.pending);
	}

	/** This state, and each with some entries the clock has expired taken out. */
	List<ExpiryModel> withExpiredTakenOut() {
		List<ExpiryModel> states = new ArrayList<>(List.of(this));
		for (int k = 0; k < this.values.length; k++) {
			if (this.values[k] != ABSENT && expiry(k) <= this.clock) {
				int key = k;
				states.addAll(states.stream().map((state) -> state.without(key)).toList());
			}
		}
		return states;
	}

	ExpiryModel without(int key) {
		ExpiryModel next = copy();
		next.values[key] = ABSENT;
		next.nodes[key] = 0;
		return next;
	}

	/**
	 * A write of a live key, as {@code LocalStore.overwrite}: lock-free (one CAS) when the
	 * expiry stays or moves later, else under the lock with the value wrapped ("pinned").
	 */
	ExpiryModel overwrite(int key, long value, long expiresAt, int operation) {
		ExpiryModel next = copy();
		next.values[key] = value;
		long current = expiry(key);
		boolean keeps = this.own[key] != NEVER;
		boolean lockFree = current == expiresAt || current != NEVER && expiresAt != NEVER && expiresAt > current;
		if (!keeps) {
			next.wrapped[key] = (expiresAt != NEVER) ? expiresAt : BARE;
		}
		else if (!lockFree || this.wrapped[key] != BARE) {
			next.wrapped[key] = expiresAt;
		}
		else {
			next.pending.add(new Pending(operation, key, this.nodes[key], expiresAt, false));
		}
		return next;
	}

	/** A new count for a live key: its expiry stays, wherever it is kept. */
	ExpiryModel increment(int key, long value) {
		ExpiryModel next = copy();
		next.values[key] = value;
		return next;
	}

	/**
	 * A new node for a key that is absent or expired at {@code now}: a full map first loses
	 * every entry expired at {@code now}, then, if still full, any one other entry.
	 */
	List<ExpiryModel> insert(int key, long value, long expiresAt, long now, int operation, int capacity) {
		ExpiryModel next = without(key);
		if (capacity > 0 && next.size() >= capacity) {
			for (int k = 0; k < this.values.length; k++) {
				if (next.values[k] != ABSENT && next.expiry(k) <= now) {
					next = next.without(k);
				}
			}
		}
		next.values[key] = value;
		next.nodes[key] = operation + 1;
		next.own[key] = expiresAt;
		next.wrapped[key] = BARE;
		if (capacity == 0 || next.size() <= capacity) {
			return List.of(next);
		}
		List<ExpiryModel> outcomes = new ArrayList<>();
		for (int victim = 0; victim < this.values.length; victim++) {
			if (victim != key && next.values[victim] != ABSENT) {
				outcomes.add(next.without(victim));
			}
		}
		return outcomes;
	}

	/**
	 * The raise after {@code operation}'s lock-free overwrite, if it stored a bare value: the
	 * node's own expiry moves later, if the node is still in; a contested raise may also
	 * move it earlier (see the class Javadoc).
	 */
	List<ExpiryModel> raise(int operation) {
		Pending raise = this.pending.stream().filter((p) -> p.operation() == operation).findFirst().orElse(null);
		if (raise == null) {
			return List.of(this);
		}
		ExpiryModel skipped = copy();
		skipped.pending.remove(raise);
		if (!isCurrent(raise) || raise.to() == this.own[raise.key()]) {
			return List.of(skipped);
		}
		ExpiryModel raised = skipped.copy();
		raised.own[raise.key()] = raise.to();
		raised.pending.replaceAll((p) -> (p.node() == raise.node()) ? new Pending(p.operation(), p.key(), p.node(),
				p.to(), true) : p);
		if (raise.to() > this.own[raise.key()]) {
			return List.of(raised);
		}
		return raise.contested() ? List.of(skipped, raised) : List.of(skipped);
	}

	private boolean isCurrent(Pending raise) {
		return this.nodes[raise.key()] == raise.node();
	}

	private long expiry(int key) {
		return (this.wrapped[key] != BARE) ? this.wrapped[key] : this.own[key];
	}

	private int size() {
		return (int) Arrays.stream(this.values).filter((v) -> v != ABSENT).count();
	}

	private ExpiryModel copy() {
		return new ExpiryModel(this.clock, this.values.clone(), this.nodes.clone(), this.own.clone(),
				this.wrapped.clone(), new ArrayList<>(this.pending));
	}

}
