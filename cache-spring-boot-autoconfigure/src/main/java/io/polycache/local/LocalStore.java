package io.polycache.local;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheStore;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.Expiry;
import io.polycache.core.StatsCounter;

/**
 * The in-process store: a {@link ConcurrentHashMap} of {@link Node}s, bounded by an exact
 * {@link Policy} and with per-entry expiry kept in an {@link ExpiryHeap}.
 * <p>Thread-safe. Writes, and the policy and expiry bookkeeping, happen under one
 * eviction lock, so {@link #putIfAbsent} and {@link #increment} are atomic and the size
 * bound holds whenever the lock is free. A read never waits for that lock while another
 * thread holds it: for FIFO, LIFO and RANDOM, whose order reads do not change, it does no
 * bookkeeping at all; for LRU, MRU and LFU it records the hit in a {@link ReadBuffer}.
 * Whoever takes the lock applies every recorded read before anything else, so a policy
 * decision never misses a read that completed before it, and single-threaded the order
 * of uses is exact. A reader that finds its buffer stripe full does not drop the read:
 * it takes the lock and applies it.
 * <p>When a new key is put into a full store, every expired entry is reclaimed first; only
 * if the store is still full does the policy pick a victim, never the entry being put.
 */
final class LocalStore implements CacheStore {

	/** Events per read-buffer stripe: enough that a reader rarely finds its stripe full. */
	static final int READ_BUFFER_STRIPE_CAPACITY = 64;

	/** How many times a thread spins for a busy lock before it yields. */
	private static final int LOCK_SPINS = 256;

	/**
	 * How many times it then yields the processor before it parks: a holder that still has
	 * not let go was most likely descheduled, and yielding lets it run.
	 */
	private static final int LOCK_YIELDS = 64;

	private final ConcurrentHashMap<Object, Node> map = new ConcurrentHashMap<>();

	private final ReentrantLock evictionLock = new ReentrantLock();

	private final Policy policy;

	private final ExpiryHeap expiries = new ExpiryHeap();

	private final long maxEntries;

	private final Clock clock;

	private final StatsCounter stats;

	/** Reads not yet applied to the policy; {@code null} when reads do not change its order. */
	private final @Nullable ReadBuffer reads;

	LocalStore(long maxEntries, EvictionPolicy eviction, Clock clock, StatsCounter stats, RandomGenerator random) {
		this(maxEntries, eviction, clock, stats, random, READ_BUFFER_STRIPE_CAPACITY);
	}

	/**
	 * @param readBufferStripeCapacity events per read-buffer stripe, a power of two; tests
	 * use tiny ones to exercise a full buffer
	 */
	LocalStore(long maxEntries, EvictionPolicy eviction, Clock clock, StatsCounter stats, RandomGenerator random,
			int readBufferStripeCapacity) {
		this.maxEntries = maxEntries;
		// An unbounded store never picks a victim, so it needs no order beyond insertion.
		this.policy = Policy.create((maxEntries > 0) ? eviction : EvictionPolicy.FIFO, random);
		this.clock = clock;
		this.stats = stats;
		this.reads = this.policy.tracksReads() ? new ReadBuffer(readBufferStripeCapacity) : null;
	}

	@Override
	public @Nullable Object get(Object key) {
		Node node = this.map.get(key);
		if (node == null) {
			return null;
		}
		Object value = readLive(node);
		if (value != null) {
			afterRead(node);
		}
		return value;
	}

	@Override
	public boolean contains(Object key) {
		Node node = this.map.get(key);
		return node != null && readLive(node) != null;
	}

	private @Nullable Object readLive(Node node) {
		Object stored = node.value;
		return (stored instanceof Node.Marked) ? Node.liveValue(stored, this.clock) : stored;
	}

	/**
	 * Records a read hit with the policy, the read path's only bookkeeping. A stripe at
	 * half capacity is drained if the lock is free. A read that finds its stripe full is not
	 * dropped: the reader waits, spinning and then yielding, until whoever holds the lock has
	 * freed a slot in it (the drain frees them one by one) or the lock is free for it to apply
	 * the read itself; it parks only if neither happens within that budget.
	 */
	private void afterRead(Node node) {
		ReadBuffer reads = this.reads;
		if (reads == null) {
			return;
		}
		int recorded = reads.offer(node);
		if (recorded == ReadBuffer.RECORDED_DRAIN_ADVISED) {
			if (this.evictionLock.tryLock()) {
				try {
					reads.drainTo(this.policy);
				}
				finally {
					this.evictionLock.unlock();
				}
			}
			return;
		}
		for (int spin = 0; recorded == ReadBuffer.FULL && spin < LOCK_SPINS + LOCK_YIELDS; spin++) {
			if (this.evictionLock.tryLock()) {
				applyRead(reads, node);
				return;
			}
			pause(spin);
			recorded = reads.offer(node);
		}
		if (recorded == ReadBuffer.FULL) {
			lock();
			applyRead(reads, node);
		}
	}

	/** Applies one read under the held lock, after every read recorded before it, then unlocks. */
	private void applyRead(ReadBuffer reads, Node node) {
		try {
			reads.drainTo(this.policy);
			if (!node.isRemoved()) {
				this.policy.onRead(node);
			}
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	private static void pause(int spin) {
		if (spin < LOCK_SPINS) {
			Thread.onSpinWait();
		}
		else {
			Thread.yield();
		}
	}

	/**
	 * Takes the eviction lock, spinning and then yielding before it parks, since the lock is
	 * held only for short bookkeeping, and applies every recorded read, so whatever the caller does next
	 * sees the policy in order.
	 */
	private void lock() {
		boolean locked = false;
		for (int spin = 0; spin < LOCK_SPINS + LOCK_YIELDS && !locked; spin++) {
			locked = this.evictionLock.tryLock();
			if (!locked) {
				pause(spin);
			}
		}
		if (!locked) {
			this.evictionLock.lock();
		}
		if (this.reads != null) {
			this.reads.drainTo(this.policy);
		}
	}

	@Override
	public void put(Object key, Object value, Duration ttl) {
		lock();
		try {
			long now = this.clock.millis();
			write(key, value, expiry(now, ttl), now);
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	@Override
	public void putAll(Map<?, ?> entries, Duration ttl) {
		lock();
		try {
			long now = this.clock.millis();
			long expiresAt = expiry(now, ttl);
			entries.forEach((key, value) -> write(key, value, expiresAt, now));
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	@Override
	public @Nullable Object putIfAbsent(Object key, Object value, Duration ttl) {
		lock();
		try {
			long now = this.clock.millis();
			Node node = this.map.get(key);
			if (node != null && node.expiresAt() > now) {
				// Finding the value is a read of it, for the policies that count reads.
				if (this.reads != null) {
					this.policy.onRead(node);
				}
				return Node.unwrap(node.value);
			}
			write(key, value, expiry(now, ttl), now);
			return null;
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	@Override
	public long increment(Object key, long delta, Duration ttlIfCreated) {
		lock();
		try {
			long now = this.clock.millis();
			Node node = this.map.get(key);
			if (node == null || node.expiresAt() <= now) {
				write(key, delta, expiry(now, ttlIfCreated), now);
				return delta;
			}
			Object current = Node.unwrap(node.value);
			if (!(current instanceof Long count)) {
				throw new IllegalStateException("Cannot increment key " + key + ": it holds a "
						+ current.getClass().getName() + ", not a counter");
			}
			long next = Math.addExact(count, delta);
			write(key, next, node.expiresAt(), now);
			return next;
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	/** Writes under the eviction lock: overwrites a live entry, or inserts after making room. */
	private void write(Object key, Object value, long expiresAt, long now) {
		Node node = this.map.get(key);
		if (node != null && node.expiresAt() > now) {
			node.value = Node.wrap(value, expiresAt);
			scheduleExpiry(node, expiresAt);
			this.policy.onWrite(node);
			return;
		}
		if (node != null) {
			unlink(node);
			this.stats.recordExpirations(1);
		}
		insert(key, Node.wrap(value, expiresAt), expiresAt, now);
	}

	/**
	 * Inserts a new key under the eviction lock, evicting one entry first if the store is
	 * full. Readers see the eviction and the insertion as one step: the new node enters the
	 * map {@link Node.Pending pending}, the victim is marked evicted by it, and one write of
	 * the new value then makes the key present and the victim absent together.
	 */
	private void insert(Object key, Object stored, long expiresAt, long now) {
		Node victim = null;
		if (this.maxEntries > 0 && this.map.size() >= this.maxEntries) {
			purgeExpired(now);
			// The bound holds whenever the lock is free, so one victim makes room.
			if (this.map.size() >= this.maxEntries) {
				victim = this.policy.victim();
			}
		}
		Node node;
		if (victim == null) {
			node = this.policy.newNode(key, stored);
			this.map.put(key, node);
		}
		else {
			node = this.policy.newNode(key, new Node.Pending(stored));
			this.map.put(key, node);
			victim.value = new Node.Evicted(victim.value, node);
			node.value = stored;
			unlink(victim);
			this.stats.recordEviction();
		}
		this.policy.onInsert(node);
		scheduleExpiry(node, expiresAt);
	}

	private void scheduleExpiry(Node node, long expiresAt) {
		if (expiresAt != Node.NEVER) {
			this.expiries.schedule(node);
		}
		else {
			this.expiries.remove(node);
		}
	}

	@Override
	public boolean remove(Object key) {
		lock();
		try {
			return removeLocked(key);
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	@Override
	public int removeAll(Collection<?> keys) {
		lock();
		try {
			int removed = 0;
			for (Object key : keys) {
				if (removeLocked(key)) {
					removed++;
				}
			}
			return removed;
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	private boolean removeLocked(Object key) {
		Node node = this.map.get(key);
		if (node == null) {
			return false;
		}
		unlink(node);
		if (node.expiresAt() <= this.clock.millis()) {
			this.stats.recordExpirations(1);
			return false;
		}
		return true;
	}

	@Override
	public void clear() {
		lock();
		try {
			this.expiries.clear();
			this.map.values().forEach(Node::markRemoved);
			this.map.clear();
			this.policy.clear();
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	@Override
	public OptionalLong size() {
		lock();
		try {
			purgeExpired(this.clock.millis());
			return OptionalLong.of(this.map.size());
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	@Override
	public int removeExpired() {
		lock();
		try {
			return purgeExpired(this.clock.millis());
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	private int purgeExpired(long now) {
		int before = this.map.size();
		this.expiries.drainExpired(now, this::unlink);
		int purged = before - this.map.size();
		this.stats.recordExpirations(purged);
		return purged;
	}

	/** Takes the node out of the map, the policy and the expiry heap, under the eviction lock. */
	private void unlink(Node node) {
		this.map.remove(node.key, node);
		this.policy.onRemove(node);
		this.expiries.remove(node);
		node.markRemoved();
	}

	/**
	 * Checks, under the lock, that the map, the policy and the expiry heap agree.
	 * @throws IllegalStateException describing the first disagreement
	 */
	void checkInvariants() {
		lock();
		try {
			if (this.maxEntries > 0 && this.map.size() > this.maxEntries) {
				throw new IllegalStateException("size " + this.map.size() + " exceeds bound " + this.maxEntries);
			}
			long expiring = this.map.values().stream().filter(node -> node.expiresAt() != Node.NEVER).count();
			if (expiring != this.expiries.size()) {
				throw new IllegalStateException(expiring + " expiring entries but " + this.expiries.size() + " in heap");
			}
			for (Node node : this.map.values()) {
				if (node.isRemoved()) {
					throw new IllegalStateException("removed node still mapped: " + node.key);
				}
			}
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	private static long expiry(long now, Duration ttl) {
		return Expiry.at(now, ttl);
	}

	@Override
	public String toString() {
		return "local-memory";
	}

}
