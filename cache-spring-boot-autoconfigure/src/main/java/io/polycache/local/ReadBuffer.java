package io.polycache.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Read hits waiting to be applied to the eviction policy, so that a read never waits for
 * the eviction lock while another thread holds it: striped, bounded ring buffers, the
 * thread's stripe chosen by a hash of its id, in the manner of Caffeine's read buffer.
 * <p>Unlike Caffeine's, this buffer never loses an event: {@link #offer} refuses when the
 * stripe is full, and the reader must then apply the read itself under the lock, after
 * {@link #drainTo draining} what is already recorded. A single thread always uses the
 * same stripe, so its reads are applied in the order it made them.
 * <p>Thread-safe for any number of offering threads; {@link #drainTo} must only be called
 * under the eviction lock. Offering allocates nothing.
 */
final class ReadBuffer {

	/** The event is recorded. */
	static final int RECORDED = 0;

	/** The event is recorded, and the stripe is filling up: drain if the lock is free. */
	static final int RECORDED_DRAIN_ADVISED = 1;

	/** The stripe is full: nothing was recorded. */
	static final int FULL = 2;

	private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Node[].class);

	private static final VarHandle STRIPES = MethodHandles.arrayElementVarHandle(Stripe[].class);

	private static final VarHandle TAIL;

	private static final VarHandle HEAD;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			TAIL = lookup.findVarHandle(Stripe.class, "tail", long.class);
			HEAD = lookup.findVarHandle(Stripe.class, "head", long.class);
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

	private static final class Stripe extends PaddedHead {

		@SuppressWarnings("unused")
		long p11, p12, p13, p14, p15, p16, p17;

		/** Count of slots claimed by offering threads. */
		volatile long tail;

		final Node[] slots;

		Stripe(int capacity) {
			this.slots = new Node[capacity];
		}

	}

	/** Created on first use, so a store read by few threads holds few stripes. */
	private final Stripe[] stripes;

	private final int stripeCapacity;

	private final int stripeMask;

	private final int slotMask;

	private final int drainThreshold;

	/**
	 * @param stripeCapacity events each stripe holds; a power of two
	 */
	ReadBuffer(int stripeCapacity) {
		int stripeCount = ceilingPowerOfTwo(4 * Runtime.getRuntime().availableProcessors());
		this.stripes = new Stripe[stripeCount];
		this.stripeCapacity = stripeCapacity;
		this.stripeMask = stripeCount - 1;
		this.slotMask = stripeCapacity - 1;
		this.drainThreshold = Math.max(1, stripeCapacity / 2);
	}

	/**
	 * Records a read of {@code node} in the calling thread's stripe, or in the next one if
	 * another thread is claiming a slot there at the same moment.
	 * @return {@link #RECORDED}, {@link #RECORDED_DRAIN_ADVISED} or {@link #FULL}
	 */
	int offer(Node node) {
		int index = stripeIndex();
		while (true) {
			Stripe stripe = stripe(index & this.stripeMask);
			long tail = (long) TAIL.getAcquire(stripe);
			long size = tail - (long) HEAD.getAcquire(stripe);
			if (size > this.slotMask) {
				return FULL;
			}
			if (TAIL.weakCompareAndSet(stripe, tail, tail + 1)) {
				SLOTS.setRelease(stripe.slots, (int) tail & this.slotMask, node);
				return (size + 1 >= this.drainThreshold) ? RECORDED_DRAIN_ADVISED : RECORDED;
			}
			index++;
		}
	}

	/**
	 * Passes every published event, stripe by stripe and in order within each, to
	 * {@code policy}, skipping nodes that left the store since they were read. A slot that
	 * was claimed but not yet filled ends that stripe's drain; its reader's event is
	 * applied by the next drain. Call under the eviction lock.
	 */
	void drainTo(Policy policy) {
		for (int i = 0; i < this.stripes.length; i++) {
			Stripe stripe = (Stripe) STRIPES.getAcquire(this.stripes, i);
			if (stripe == null) {
				continue;
			}
			long head = stripe.head;
			long tail = (long) TAIL.getAcquire(stripe);
			while (head < tail) {
				int slot = (int) head & this.slotMask;
				Node node = (Node) SLOTS.getAcquire(stripe.slots, slot);
				if (node == null) {
					break;
				}
				stripe.slots[slot] = null;
				// Freed slot by slot, so a reader waiting on this full stripe goes on at once.
				HEAD.setRelease(stripe, ++head);
				if (!node.isRemoved()) {
					policy.onRead(node);
				}
			}
		}
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
		// Fibonacci hashing spreads consecutive thread ids over the stripes.
		@SuppressWarnings("deprecation")
		long id = Thread.currentThread().getId();
		return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40);
	}

	private static int ceilingPowerOfTwo(int value) {
		return (value <= 1) ? 1 : Integer.highestOneBit(value - 1) << 1;
	}

}
