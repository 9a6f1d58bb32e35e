package io.polycache.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link LocalStore}. Readers see only {@link #value}, a single volatile
 * field holding either the value itself (no expiry) or an {@link Expiring} pair, so a
 * reader can never pair one write's value with another write's expiry. Everything else
 * belongs to the store's eviction lock. While an insertion evicts, the new entry is
 * {@link #PENDING} and the victim {@link Evicted}, so readers see the eviction and the
 * insertion as one step, never one without the other.
 * <p>Each policy extends this with only the fields it needs ({@link LinkedNode},
 * {@link LfuPolicy.LfuNode}, {@link RandomPolicy.SlotNode}): an entry's size is its
 * policy's, not the sum of all six. An entry inserted with a TTL is of a subclass that
 * {@link #keepsExpiry() keeps its expiry} in a field; one inserted without keeps none, and
 * wraps its value in an {@link Expiring} if a later write gives it a TTL.
 */
class Node {

	static final long NEVER = Long.MAX_VALUE;

	/** The place in the {@link ExpiryQueue} of an entry that is not in it. */
	static final int UNSCHEDULED = -1;

	private static final VarHandle VALUE;

	static {
		try {
			VALUE = MethodHandles.lookup().findVarHandle(Node.class, "value", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final Object key;

	/**
	 * The stored value, or an {@link Expiring} wrapping it with its expiry time; once the
	 * entry has left the store, {@link #REMOVED} for good. An evicted entry holds its
	 * {@link Evicted} mark only inside the eviction, under the lock, until it is retired.
	 */
	volatile Object value;

	Node(Object key, Object value) {
		this.key = key;
		// Plain, not volatile: a node reaches other threads only through the map (or a read
		// buffer, or the Evicted mark of its victim, stored by CAS after it entered the map),
		// each of which publishes it by a release, so a fence here would buy nothing.
		VALUE.set(this, value);
	}

	/**
	 * A handle on the {@code long expiresAt} field of the class {@code lookup} is in, for a
	 * node that {@link #keepsExpiry() keeps its expiry}: set plainly when the node is made
	 * (published as {@link #Node its value} is) and by release when {@link #raiseExpiry
	 * raised}, after the CAS of the value it goes with, which no later store passes.
	 */
	static VarHandle expiresAtHandle(MethodHandles.Lookup lookup) {
		try {
			return lookup.findVarHandle(lookup.lookupClass(), "expiresAt", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Expiry in ticker milliseconds, {@link #NEVER} for none. */
	final long expiresAt() {
		return expiryOf(this.value);
	}

	/**
	 * The expiry that goes with {@code stored}, a value read from this node: its
	 * {@link Expiring} wrapper's, or this node's own.
	 */
	final long expiryOf(Object stored) {
		return (stored instanceof Expiring expiring) ? expiring.expiresAt() : ownExpiry();
	}

	/**
	 * Whether {@code stored}, read from this node, is a value that has not expired at
	 * {@code now}, not a marker of a dead or pending entry. Reads the own expiry after
	 * {@code stored}, so a lock-free overwrite landing in between may lend an older value
	 * its later expiry. Enough for a caller whose next step is a CAS from {@code stored},
	 * which then fails, and the right order for a writer's last check, under the lock,
	 * before it takes {@code stored} out as expired (the later expiry keeps the value); one
	 * that hands {@code stored} out reads the own expiry first
	 * ({@link #isLive(Object, long, long)}).
	 */
	final boolean isLive(Object stored, long now) {
		return isLive(stored, ownExpiry(), now);
	}

	/**
	 * As {@link #isLive(Object, long)}, with the {@link #ownExpiry()} read before
	 * {@code stored}: a value is then never paired with an expiry later than its own, since
	 * a lock-free overwrite raises the expiry only after storing its value.
	 */
	static boolean isLive(Object stored, long ownExpiry, long now) {
		if (stored instanceof Marked) {
			return stored instanceof Expiring expiring && now < expiring.expiresAt();
		}
		return now < ownExpiry;
	}

	/** What this node stores for {@code value} expiring at {@code expiresAt}. */
	final Object stored(Object value, long expiresAt) {
		return keepsExpiry() ? value : wrap(value, expiresAt);
	}

	/**
	 * What a lock-free write stores over {@code current}: as {@link #stored}, except that
	 * a value once {@link #pinned} stays in a wrapper, since the own expiry no longer
	 * speaks for it.
	 */
	final Object storedOver(Object current, Object value, long expiresAt) {
		if (!keepsExpiry()) {
			return wrap(value, expiresAt);
		}
		return (current instanceof Expiring) ? new Expiring(value, expiresAt) : value;
	}

	/**
	 * What a writer under the lock stores when it moves an expiry earlier, or makes one
	 * appear or go: the value in an {@link Expiring} wrapper even on a node that
	 * {@link #keepsExpiry() keeps its expiry}. The own expiry cannot be moved earlier
	 * safely: a lock-free write that stored its value just before may still be about to
	 * {@link #raiseExpiry raise} it, and would give the newer value its own, later
	 * expiry. From then on, every write of this node keeps the wrapper
	 * ({@link #storedOver}), and a late raise changes nothing anyone reads.
	 */
	final Object pinned(Object value, long expiresAt) {
		return keepsExpiry() ? new Expiring(value, expiresAt) : wrap(value, expiresAt);
	}

	/**
	 * Moves this node's own expiry later, after a lock-free write stored a bare value
	 * expiring at {@code expiresAt}; never earlier. Of two such writes at once, the expiry
	 * may end as either's, whichever value stays: they differ by the time between the writes
	 * plus the difference of their TTLs (none with one TTL, at most the jitter's share with
	 * {@code ttl-jitter}; a {@code TtlPolicy} giving one key very different TTLs at once
	 * makes it as large as that difference), until the key is written again. A known limit
	 * of storing the expiry beside the value rather than with it.
	 */
	final void raiseExpiry(long expiresAt) {
		if (keepsExpiry() && expiresAt > ownExpiry()) {
			setOwnExpiry(expiresAt);
		}
	}

	/**
	 * Whether this node keeps its expiry in a field of its own (made for a write with a
	 * TTL), rather than in an {@link Expiring} wrapper of its value. Readers read that
	 * field before {@link #value}, writers write it after, so a reader never pairs a value
	 * with an expiry later than the one written with it: a value never outlives its TTL,
	 * except when two lock-free writes of the key race (see {@link #raiseExpiry}). The
	 * converse does not hold: a value just stored may be read with the expiry before it,
	 * and so as expired, until its writer has {@link #raiseExpiry raised} the field; a
	 * purge or a writer finding it so in that instant takes it out as expired.
	 */
	boolean keepsExpiry() {
		return false;
	}

	/** This node's own expiry, {@link #NEVER} if it has none or {@link #keepsExpiry() keeps} none. */
	long ownExpiry() {
		return NEVER;
	}

	/** Sets the own expiry, after the value it goes with is stored. Only if {@link #keepsExpiry()}. */
	void setOwnExpiry(long expiresAt) {
		throw new UnsupportedOperationException("Expiry kept in the value");
	}

	/**
	 * Stores the value of a node that entered the map {@link #PENDING}, under the eviction
	 * lock: a release store, since readers need only see it after what was written before
	 * it (the victim's {@link Evicted} mark), and the lock's release follows.
	 */
	final void publish(Object stored) {
		VALUE.setRelease(this, stored);
	}

	/** Replaces the stored value if it is still {@code expected}: how writes race without the lock. */
	final boolean casValue(Object expected, Object stored) {
		return VALUE.compareAndSet(this, expected, stored);
	}

	/**
	 * This node's place in the {@link ExpiryQueue}, only for one that {@link #keepsExpiry()
	 * keeps its expiry}: only those have a field for it (4 bytes that an entry without a TTL
	 * does without); the queue keeps the place of any other. Guarded by the eviction lock.
	 */
	int expirySlot() {
		throw new UnsupportedOperationException("Place kept by the queue");
	}

	/** Sets {@link #expirySlot()}; only if {@link #keepsExpiry()}. */
	void setExpirySlot(int slot) {
		throw new UnsupportedOperationException("Place kept by the queue");
	}

	/**
	 * Whether this node has a field for the time the {@link ExpiryQueue}'s ring scheduled it
	 * at, where its layout has 4 bytes of padding to spare (LFU and RANDOM entries with a
	 * TTL), so that the ring needs no array of times for it.
	 */
	boolean keepsScheduledExpiry() {
		return false;
	}

	/** That time, as the ring's offset; only if {@link #keepsScheduledExpiry()}. Guarded by the eviction lock. */
	int scheduledExpiry() {
		throw new UnsupportedOperationException("Time kept by the queue");
	}

	/** Sets {@link #scheduledExpiry()}; only if {@link #keepsScheduledExpiry()}. */
	void setScheduledExpiry(int offset) {
		throw new UnsupportedOperationException("Time kept by the queue");
	}

	/**
	 * Whether this entry, once published, has left the store: its value is {@link #REMOVED},
	 * which no write ever replaces, or an {@link Evicted} mark, which only its retirement
	 * (under the same lock) replaces, with {@link #REMOVED}. The policies' nodes answer
	 * from their own links instead, which a drain touches anyway, not from the value, whose
	 * class would be one more object to load. Call under the eviction lock.
	 */
	boolean isRemoved() {
		Object stored = this.value;
		return stored == REMOVED || stored instanceof Evicted;
	}

	/**
	 * Marks the entry as gone, once it is out of the policy and the expiry queue: its value
	 * becomes {@link #REMOVED}, an {@link Evicted} mark too, which is retired only after
	 * the entry that evicted it is published, so readers see it absent either way. Dropping
	 * the mark lets it die young: an evicted entry is often old, and an old dead object
	 * keeps what it references alive through young collections until the old one is
	 * collected.
	 */
	final void markRemoved() {
		VALUE.setRelease(this, REMOVED);
	}

	/** What readers store in {@link #value}: the bare value, or the value with its expiry. */
	static Object wrap(Object value, long expiresAt) {
		return (expiresAt == NEVER) ? value : new Expiring(value, expiresAt);
	}

	/**
	 * The value a reader sees in {@code stored}, or {@code null} if the entry has expired,
	 * is not yet inserted, or has been evicted.
	 * @param ownExpiry the node's {@link #ownExpiry()}, read before {@code stored}: the
	 * expiry of a bare value
	 */
	static @Nullable Object liveValue(Object stored, long ownExpiry, Ticker ticker) {
		if (!(stored instanceof Marked marked)) {
			return (ownExpiry == NEVER || ticker.millis() < ownExpiry) ? stored : null;
		}
		if (marked instanceof Expiring expiring) {
			return (ticker.millis() < expiring.expiresAt()) ? expiring.value() : null;
		}
		if (marked instanceof Evicted evicted) {
			// Still there until the entry that evicts it is in: both change in one write. It
			// may expire meanwhile: the insert chose it at the time it read, maybe earlier.
			return (evicted.by().value == PENDING) ? liveValue(evicted.stored(), ownExpiry, ticker) : null;
		}
		return null;
	}

	/** The stored value without its expiry. */
	static Object unwrap(Object stored) {
		return (stored instanceof Expiring expiring) ? expiring.value() : stored;
	}

	/**
	 * A new entry in the map but not yet visible: while it is, the entry it evicts still
	 * is. Replacing it with the value is the one write that makes both changes at once.
	 */
	static final Marked PENDING = new State("pending");

	/** An entry that left the store: removed, expired and purged, or cleared. */
	static final Marked REMOVED = new State("removed");

	/** What {@link #value} holds when it is not a bare value. */
	sealed interface Marked permits Expiring, State, Evicted {
	}

	/** A value with its expiry, published to readers as one reference. */
	record Expiring(Object value, long expiresAt) implements Marked {
	}

	/** {@link #PENDING} or {@link #REMOVED}. */
	record State(String name) implements Marked {
	}

	/**
	 * An evicted entry's value: visible for exactly as long as {@code by} is {@link #PENDING};
	 * {@link #REMOVED} once the victim is retired, later in the same insert, under the lock.
	 */
	record Evicted(Object stored, Node by) implements Marked {
	}

}
