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
import io.polycache.core.StatsCounter;

/**
 * The in-process store: a {@link ConcurrentHashMap} of {@link Node}s, bounded by an exact
 * {@link Policy} and with per-entry expiry kept in an {@link ExpiryHeap}.
 * <p>Thread-safe. Writes, and the policy and expiry bookkeeping, happen under one
 * eviction lock, so {@link #putIfAbsent} and {@link #increment} are atomic and the size
 * bound holds whenever the lock is free. A read takes no lock for FIFO, LIFO and RANDOM,
 * whose order reads do not change; for the other policies its bookkeeping goes through
 * {@link #afterRead(Node)}, the one place a buffered recorder can later take over.
 * <p>When a new key is put into a full store, every expired entry is reclaimed first; only
 * if the store is still full does the policy pick a victim, never the entry being put.
 */
final class LocalStore implements CacheStore {

	private final ConcurrentHashMap<Object, Node> map = new ConcurrentHashMap<>();

	private final ReentrantLock evictionLock = new ReentrantLock();

	private final Policy policy;

	private final ExpiryHeap expiries = new ExpiryHeap();

	private final long maxEntries;

	private final Clock clock;

	private final StatsCounter stats;

	LocalStore(long maxEntries, EvictionPolicy eviction, Clock clock, StatsCounter stats, RandomGenerator random) {
		this.maxEntries = maxEntries;
		// An unbounded store never picks a victim, so it needs no order beyond insertion.
		this.policy = Policy.create((maxEntries > 0) ? eviction : EvictionPolicy.FIFO, random);
		this.clock = clock;
		this.stats = stats;
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
		return (stored instanceof Node.Expiring) ? Node.liveValue(stored, this.clock.millis()) : stored;
	}

	/**
	 * Records a read hit with the policy. This is the read path's only bookkeeping; it
	 * takes the eviction lock only for policies whose order reads change.
	 */
	private void afterRead(Node node) {
		if (this.policy.tracksReads()) {
			this.evictionLock.lock();
			try {
				if (!node.removed) {
					this.policy.onRead(node);
				}
			}
			finally {
				this.evictionLock.unlock();
			}
		}
	}

	@Override
	public void put(Object key, Object value, Duration ttl) {
		this.evictionLock.lock();
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
		this.evictionLock.lock();
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
		this.evictionLock.lock();
		try {
			long now = this.clock.millis();
			Node node = this.map.get(key);
			if (node != null && node.expiresAt > now) {
				// Finding the value is a read of it, for the policies that count reads.
				if (this.policy.tracksReads()) {
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
		this.evictionLock.lock();
		try {
			long now = this.clock.millis();
			Node node = this.map.get(key);
			if (node == null || node.expiresAt <= now) {
				write(key, delta, expiry(now, ttlIfCreated), now);
				return delta;
			}
			Object current = Node.unwrap(node.value);
			if (!(current instanceof Long count)) {
				throw new IllegalStateException("Cannot increment key " + key + ": it holds a "
						+ current.getClass().getName() + ", not a counter");
			}
			long next = Math.addExact(count, delta);
			write(key, next, node.expiresAt, now);
			return next;
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	/** Writes under the eviction lock: overwrites a live entry, or inserts after making room. */
	private void write(Object key, Object value, long expiresAt, long now) {
		Node node = this.map.get(key);
		if (node != null && node.expiresAt > now) {
			node.value = Node.wrap(value, expiresAt);
			node.expiresAt = expiresAt;
			scheduleExpiry(node);
			this.policy.onWrite(node);
			return;
		}
		if (node != null) {
			unlink(node);
			this.stats.recordExpirations(1);
		}
		makeRoom(now);
		node = new Node(key, Node.wrap(value, expiresAt), expiresAt);
		this.map.put(key, node);
		this.policy.onInsert(node);
		scheduleExpiry(node);
	}

	private void scheduleExpiry(Node node) {
		if (node.expiresAt != Node.NEVER) {
			this.expiries.schedule(node);
		}
		else {
			this.expiries.remove(node);
		}
	}

	private void makeRoom(long now) {
		if (this.maxEntries == 0 || this.map.size() < this.maxEntries) {
			return;
		}
		purgeExpired(now);
		while (this.map.size() >= this.maxEntries) {
			unlink(this.policy.victim());
			this.stats.recordEviction();
		}
	}

	@Override
	public boolean remove(Object key) {
		this.evictionLock.lock();
		try {
			return removeLocked(key);
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	@Override
	public int removeAll(Collection<?> keys) {
		this.evictionLock.lock();
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
		if (node.expiresAt <= this.clock.millis()) {
			this.stats.recordExpirations(1);
			return false;
		}
		return true;
	}

	@Override
	public void clear() {
		this.evictionLock.lock();
		try {
			this.map.values().forEach(node -> node.removed = true);
			this.map.clear();
			this.policy.clear();
			this.expiries.clear();
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	@Override
	public OptionalLong size() {
		this.evictionLock.lock();
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
		this.evictionLock.lock();
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
		node.removed = true;
		this.policy.onRemove(node);
		this.expiries.remove(node);
	}

	/**
	 * Checks, under the lock, that the map, the policy and the expiry heap agree.
	 * @throws IllegalStateException describing the first disagreement
	 */
	void checkInvariants() {
		this.evictionLock.lock();
		try {
			if (this.maxEntries > 0 && this.map.size() > this.maxEntries) {
				throw new IllegalStateException("size " + this.map.size() + " exceeds bound " + this.maxEntries);
			}
			long expiring = this.map.values().stream().filter(node -> node.expiresAt != Node.NEVER).count();
			if (expiring != this.expiries.size()) {
				throw new IllegalStateException(expiring + " expiring entries but " + this.expiries.size() + " in heap");
			}
			for (Node node : this.map.values()) {
				if (node.removed) {
					throw new IllegalStateException("removed node still mapped: " + node.key);
				}
			}
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	private static long expiry(long now, Duration ttl) {
		if (ttl.isZero()) {
			return Node.NEVER;
		}
		long millis = Math.max(1, ttl.toMillis());
		return (now > Node.NEVER - millis) ? Node.NEVER - 1 : now + millis;
	}

	@Override
	public String toString() {
		return "local-memory";
	}

}
