package io.polycache.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Uses of entries (read hits, and overwrites for the policies that count them) waiting
 * to be applied to the eviction policy, so that no reader ever waits for the eviction
 * lock: striped, bounded ring buffers in the manner of Caffeine's read buffer, the
 * thread's stripe chosen by a hash of its id.
 * <p>Unlike Caffeine's, this buffer never loses an event, and it never makes a reader
 * wait:
 * <ul>
 * <li>A thread always records in the same stripe; a lost race for a slot is retried in that
 * stripe, never the next one, so one thread's events are applied in the order it made them.
 * <li>When the ring of its stripe is {@link #FULL}, the caller may help drain (with
 * {@code tryLock} only) and then {@link #overflow} the event into the stripe's unbounded
 * overflow queue, which is drained after the ring; while that queue holds anything, every
 * event of the stripe goes there too, so order is kept. Only overflowing allocates.
 * <li>A slot claimed by a reader that has not yet filled it (a read still in flight) ends a
 * reader's {@link #drainTo drain} of that stripe after a few spins; a drain for an eviction
 * decision waits for it (spinning, yielding, then parking briefly), so every read whose
 * {@code get} returned before the decision is counted.
 * <li>A drain takes from each stripe only the ring slots claimed before it snapshot the
 * stripe's tail and the overflowed events numbered before that; so it waits only for reads
 * that were in flight when it began, and ends even while readers keep recording.
 * </ul>
 * <p>Thread-safe for any number of recording threads; {@link #drainTo} must only be called
 * under the eviction lock. Recording in the ring allocates nothing. Not final only so that
 * a test can make {@link #tryClaim} lose a race.
 */
class ReadBuffer {

	/** The event is recorded. */
	static final int RECORDED = 0;

	/** The event is recorded, and the stripe is filling up: drain if the lock is free. */
	static final int RECORDED_DRAIN_ADVISED = 1;

	/** The ring is full: nothing was recorded; drain if the lock is free, else {@link #overflow}. */
	static final int FULL = 2;

	/** Spins a writer's drain makes for an in-flight slot before it yields. */
	private static final int FILL_SPINS = 1 << 10;

	/** Yields a writer's drain makes for an in-flight slot before it parks, 50 µs at a time. */
	private static final int FILL_YIELDS = 1 << 8;

	/** Spins a reader's drain makes for an in-flight slot before it stops there. */
	private static final int HELPER_SPINS = 1 << 7;

	private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Node[].class);

	private static final VarHandle STRIPES = MethodHandles.arrayElementVarHandle(Stripe[].class);

	private static final VarHandle TAIL;

	private static final VarHandle HEAD;

	private static final VarHandle OVERFLOWED;

	private static final VarHandle OVERFLOW_SEQUENCE;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			TAIL = lookup.findVarHandle(Stripe.class, "tail", long.class);
			HEAD = lookup.findVarHandle(Stripe.class, "head", long.class);
			OVERFLOWED = lookup.findVarHandle(Stripe.class, "overflowed", int.class);
			OVERFLOW_SEQUENCE = lookup.findVarHandle(Stripe.class, "overflowSequence", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Padding that keeps one stripe's counters off the cache line of another's. */
	@SuppressWarnings("unused")
	private abstract static class PaddedHead {

		long p01, p02, p03, p04, p05, p06, p07;

		/** Count of events drained. Written only under the eviction lock. */
		volatile long head;

	}

	static final class Stripe extends PaddedHead {

		@SuppressWarnings("unused")
		long p11, p12, p13, p14, p15, p16, p17;

		/** Count of slots claimed by recording threads. */
		volatile long tail;

		final Node[] slots;

		/** Events recorded while the ring was full, each applied after the ring events claimed before it. */
		final ConcurrentLinkedQueue<Overflowed> overflow = new ConcurrentLinkedQueue<>();

		/**
		 * Events in {@link #overflow}, counted before they enter it and after they leave it,
		 * so it is positive whenever the queue holds one: read by every offer, in the cache
		 * line of {@link #tail}, instead of the queue.
		 */
		volatile int overflowed;

		/**
		 * Events ever numbered for {@link #overflow}: a drain applies only those numbered
		 * before it began, so readers that keep overflowing cannot keep it draining.
		 */
		volatile long overflowSequence;

		Stripe(int capacity) {
			this.slots = new Node[capacity];
		}

	}

	/**
	 * An event in a stripe's overflow, and the stripe's ring tail when it was recorded: every
	 * ring event claimed before it, among them all earlier events of its thread, lies below.
	 * Its sequence number was taken before it entered the queue: one taken after a drain
	 * began is behind in the queue only events whose {@code get} returned after that too.
	 */
	private record Overflowed(Node node, long ringTail, long sequence) {
	}

	/** Created on first use, so a store read by few threads holds few stripes. */
	private final Stripe[] stripes;

	private final int stripeCapacity;

	private final int stripeMask;

	private final int slotMask;

	private final int drainThreshold;

	/**
	 * @param stripeCapacity events each stripe's ring holds; a power of two
	 */
	ReadBuffer(int stripeCapacity) {
		this(stripeCapacity, ceilingPowerOfTwo(4 * Runtime.getRuntime().availableProcessors()));
	}

	/**
	 * @param stripeCapacity events each stripe's ring holds; a power of two
	 * @param stripeCount stripes, a power of two; tests use one, so that all threads share it
	 */
	ReadBuffer(int stripeCapacity, int stripeCount) {
		this.stripes = new Stripe[stripeCount];
		this.stripeCapacity = stripeCapacity;
		this.stripeMask = stripeCount - 1;
		this.slotMask = stripeCapacity - 1;
		this.drainThreshold = Math.max(1, stripeCapacity / 2);
	}

	/**
	 * Records a use of {@code node} in the calling thread's stripe. Never waits: a lost race
	 * for a slot is retried at once, and a full ring is reported, not waited on.
	 * @return {@link #RECORDED}, {@link #RECORDED_DRAIN_ADVISED} or {@link #FULL}
	 */
	int offer(Node node) {
		Stripe stripe = stripe(stripeIndex() & this.stripeMask);
		if (stripe.overflowed > 0) {
			// Earlier events of this stripe may wait in the overflow: this one goes after them.
			enqueueOverflow(stripe, node);
			return RECORDED_DRAIN_ADVISED;
		}
		while (true) {
			long tail = stripe.tail;
			long size = tail - stripe.head;
			if (size > this.slotMask) {
				return FULL;
			}
			if (tryClaim(stripe, tail)) {
				SLOTS.setRelease(stripe.slots, (int) tail & this.slotMask, node);
				return (size + 1 >= this.drainThreshold) ? RECORDED_DRAIN_ADVISED : RECORDED;
			}
		}
	}

	/**
	 * Claims slot {@code tail} of the stripe, unless another thread claimed it first. Not
	 * overridden in production, so compiled inline; a test overrides it to lose a race.
	 */
	boolean tryClaim(Stripe stripe, long tail) {
		return TAIL.compareAndSet(stripe, tail, tail + 1);
	}

	/**
	 * Records a use of {@code node} that {@link #offer} refused as {@link #FULL}, after
	 * every event the calling thread recorded before. Never waits; allocates a queue node.
	 */
	void overflow(Node node) {
		enqueueOverflow(stripe(stripeIndex() & this.stripeMask), node);
	}

	private static void enqueueOverflow(Stripe stripe, Node node) {
		OVERFLOWED.getAndAdd(stripe, 1);
		// The tail before the number: an event a drain takes lies below the tail it snapshot.
		long ringTail = stripe.tail;
		long sequence = (long) OVERFLOW_SEQUENCE.getAndAdd(stripe, 1L);
		stripe.overflow.offer(new Overflowed(node, ringTail, sequence));
	}

	/**
	 * Passes every event recorded before the drain began to {@code policy}, stripe by
	 * stripe, each stripe's ring in order and then its overflow, skipping nodes that left
	 * the store since they were used; events recorded meanwhile may be passed too, and the
	 * rest wait for the next drain, so one drain's work is bounded even while readers keep
	 * recording. A claimed slot not yet filled is a use still in flight: when
	 * {@code awaitInFlight}, the drain waits for it (this is how a writer about to take an
	 * eviction decision counts every read that returned before it); otherwise it ends that
	 * stripe's drain, overflow included, and the next drain resumes there. Call under the
	 * eviction lock.
	 */
	void drainTo(Policy policy, boolean awaitInFlight) {
		for (int i = 0; i < this.stripes.length; i++) {
			Stripe stripe = (Stripe) STRIPES.getAcquire(this.stripes, i);
			if (stripe == null) {
				continue;
			}
			// The bound before the ring's tail, so the overflowed events taken wait for no slot above it.
			long overflowBound = stripe.overflowSequence;
			if (drainRing(stripe, policy, awaitInFlight, (long) TAIL.getAcquire(stripe))) {
				Overflowed overflowed;
				while ((overflowed = stripe.overflow.peek()) != null && overflowed.sequence() < overflowBound) {
					// Ring events claimed before it, possibly after the snapshot above, go first.
					if (!drainRing(stripe, policy, awaitInFlight, overflowed.ringTail())) {
						break;
					}
					stripe.overflow.poll();
					OVERFLOWED.getAndAdd(stripe, -1);
					apply(policy, overflowed.node());
				}
			}
		}
	}

	/**
	 * Drains one stripe's ring up to {@code tail}; {@code false} if it stopped at a slot
	 * still in flight.
	 */
	private boolean drainRing(Stripe stripe, Policy policy, boolean awaitInFlight, long tail) {
		Node[] slots = stripe.slots;
		long head = stripe.head;
		while (head < tail) {
			int slot = (int) head & this.slotMask;
			Node node = (Node) SLOTS.getAcquire(slots, slot);
			if (node == null) {
				node = awaitFilled(slots, slot, awaitInFlight);
				if (node == null) {
					return false;
				}
			}
			slots[slot] = null;
			// Freed slot by slot, so the ring takes new events as early as possible.
			HEAD.setRelease(stripe, ++head);
			apply(policy, node);
		}
		return true;
	}

	/**
	 * Waits for the reader that claimed {@code slot} to fill it: a few instructions, unless
	 * it was descheduled. A writer waits until it does (spinning, yielding to let it run,
	 * then parking 50 µs at a time); a reader helping to drain spins a little and gives up.
	 * @return the node, or {@code null} if a reader gave up
	 */
	private static @Nullable Node awaitFilled(Node[] slots, int slot, boolean untilFilled) {
		for (int spin = 0;; spin++) {
			Node node = (Node) SLOTS.getAcquire(slots, slot);
			if (node != null || !untilFilled && spin >= HELPER_SPINS) {
				return node;
			}
			if (spin < FILL_SPINS) {
				Thread.onSpinWait();
			}
			else if (spin < FILL_SPINS + FILL_YIELDS) {
				Thread.yield();
			}
			else {
				LockSupport.parkNanos(50_000);
			}
		}
	}

	private static void apply(Policy policy, Node node) {
		if (!node.isRemoved()) {
			policy.onRead(node);
		}
	}

	/**
	 * Claims the calling thread's next ring slot without filling it, as a reader does just
	 * before it publishes its event; for tests of reads in flight.
	 * @return a handle to {@link #fillClaimed} with
	 */
	long claimForTest() {
		Stripe stripe = stripe(stripeIndex() & this.stripeMask);
		return (long) TAIL.getAndAdd(stripe, 1L);
	}

	/** Fills a slot {@link #claimForTest claimed} by the same thread. */
	void fillClaimed(long claimed, Node node) {
		Stripe stripe = stripe(stripeIndex() & this.stripeMask);
		SLOTS.setRelease(stripe.slots, (int) claimed & this.slotMask, node);
	}

	private Stripe stripe(int index) {
		Stripe stripe = (Stripe) STRIPES.getAcquire(this.stripes, index);
		if (stripe == null) {
			Stripe created = new Stripe(this.stripeCapacity);
			Stripe raced = (Stripe) STRIPES.compareAndExchangeRelease(this.stripes, index, null, created);
			stripe = (raced != null) ? raced : created;
		}
		return stripe;
	}

	private static int stripeIndex() {
		@SuppressWarnings("deprecation")
		long id = Thread.currentThread().getId();
		return stripeIndex(id);
	}

	/** The stripe of the thread of this id, before masking; for tests that pick threads sharing one. */
	static int stripeIndex(long id) {
		// A 64-bit mix (SplittableRandom's) spreads any set of thread ids over the stripes.
		long z = (id + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return (int) (z ^ (z >>> 31));
	}

	private static int ceilingPowerOfTwo(int value) {
		return (value <= 1) ? 1 : Integer.highestOneBit(value - 1) << 1;
	}

}
