package io.polycache.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.RemovalCause;
import io.polycache.internal.Expiry;
import io.polycache.spi.CacheStore;
import io.polycache.spi.ResizableStore;
import io.polycache.spi.StoreEvents;

/**
 * The in-process store: a {@link ConcurrentHashMap} of {@link Node}s, bounded by an exact
 * {@link Policy} and with per-entry expiry kept in an {@link ExpiryQueue}, timed by a
 * monotonic {@link Ticker}.
 * <p>Thread-safe. The policy, the expiry heap and the size count belong to one eviction
 * lock; the map and each node's value do not, so the map's lookups (and with them the
 * keys' {@code hashCode} and {@code equals}) always run outside the lock. What each
 * operation does:
 * <ul>
 * <li><b>Reads never wait</b>, for any policy. FIFO, LIFO and RANDOM, whose order reads do
 * not change, do no bookkeeping at all. LRU, MRU and LFU record the use in the lossless
 * {@link ReadBuffer}, helping to drain it only with {@code tryLock}. Whoever takes the lock
 * to decide applies every recorded use first, waiting only for uses still in flight, so a
 * decision counts every read that returned before it, and one thread's uses in its order.
 * <li><b>Overwrites of a live key take no lock</b> unless the expiry appears, goes or moves
 * earlier (no TTL, the same TTL, or {@link #increment}, which keeps the expiry): one CAS on
 * the node's value; the {@link ExpiryQueue} files a later expiry when the earlier comes up.
 * LRU, MRU and LFU record the use in the read buffer; FIFO, LIFO and RANDOM need nothing.
 * Any other overwrite takes the lock to move the entry in the heap.
 * <li><b>Inserts</b> allocate their node and enter it into the map, {@link Node#PENDING},
 * before the lock; under the lock they only make room and publish. Expired entries are
 * purged only when the store is full and the earliest expiry has passed; the new entry
 * takes the victim's place in the policy ({@link Policy#replace}), and the victim leaves
 * the map after the lock is released. Inserts that wait long are combined: one still
 * finding the lock busy after spinning about as long as an insert holds it (the holder
 * preempted, or purging, resizing, clearing) leaves itself for the holder. A writer
 * applies every waiting insert before it unlocks, so one hand-off of the lock serves all
 * those still yielding (one already parked takes the lock once more, only to find itself
 * applied); a reader that drained under the lock leaves them, to the next writer to
 * unlock or to one of them taking the lock. An insert that fails throws in its own thread
 * and, if it never published, takes its node out of the map. An insert that finds the
 * lock free pays one read of whether any waits. (Combining every insert that finds the
 * lock busy, without the spin, was 3 to 12% slower on 2 processors, in 8 of 9 runs.)
 * <li>{@link #putIfAbsent} that finds the key, and {@link #contains}, take no lock either.
 * </ul>
 * <p>Readers see an eviction and the insertion that caused it as one step: the new node is
 * pending, the victim is marked evicted by it, and one write of the new value then makes the
 * key present and the victim absent together. The size bound holds whenever the lock is free
 * and no insert is between entering the map and publishing.
 * <p>Why one class of about 1,100 lines: every operation here is one side of a protocol
 * with the others (the pending insert, the CAS overwrite, the eviction mark, the purge
 * under the lock), and the invariants above hold only as a whole; split across classes, a
 * reader could no longer check one operation against the others. The parts that stand
 * alone already do: the policies, the {@link ReadBuffer}, the {@link ExpiryQueue} and the
 * {@link Node} forms. It is proven by the linearizability, non-blocking, model and
 * concurrency tests of this package.
 */
final class LocalStore<V> implements CacheStore<Object, V>, ResizableStore {

	/**
	 * Events per read-buffer stripe (4 KB): enough that a reader rarely finds its stripe
	 * full while another thread drains, since a full one overflows into a queue that
	 * allocates; 64 made two readers overflow often and cost LRU and MRU half their speed.
	 */
	static final int READ_BUFFER_STRIPE_CAPACITY = 1024;

	/** How many times a writer spins for a busy lock before it yields. */
	private static final int LOCK_SPINS = 256;

	/** How many times it then yields the processor before it parks. */
	private static final int LOCK_YIELDS = 64;

	private static final VarHandle WAITING_INSERTS;

	static {
		try {
			WAITING_INSERTS = MethodHandles.lookup().findVarHandle(LocalStore.class, "waiting", Admission.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ConcurrentHashMap<Object, Node> map = new ConcurrentHashMap<>();

	private final Counters<V> counters;

	private final ReentrantLock evictionLock = new ReentrantLock();

	private final Policy policy;

	private final ExpiryQueue expiries = new ExpiryQueue();

	/** The bound; written under the eviction lock ({@link #resize}), read there or as a hint. */
	private volatile long maxEntries;

	/** Whether the policy keeps the configured order: a store created unbounded keeps FIFO's. */
	private final boolean ordered;

	/**
	 * Entries in the policy: published (or being published by the lock's holder) and not
	 * yet removed. Guarded by the eviction lock.
	 */
	private long size;

	private final Ticker ticker;

	private final StoreEvents events;

	/** Whether each removal is reported with its key and value ({@link StoreEvents#reportsRemovals()}). */
	private final boolean reporting;

	/** Uses not yet applied to the policy; {@code null} when uses do not change its order. */
	private final @Nullable ReadBuffer reads;

	/** Inserts still finding the lock busy after a spin, newest first, for its holder to apply as it unlocks. */
	private volatile @Nullable Admission waiting;

	/** Inserts applied from {@link #waiting}, by whichever thread held the lock; guarded by the eviction lock. */
	private long combinedInserts;

	LocalStore(Counters<V> counters, long maxEntries, EvictionPolicy eviction, Clock clock, StoreEvents events,
			RandomGenerator random) {
		this(counters, maxEntries, eviction, Ticker.of(clock), events, random, READ_BUFFER_STRIPE_CAPACITY);
	}

	LocalStore(Counters<V> counters, long maxEntries, EvictionPolicy eviction, Clock clock, StoreEvents events,
			RandomGenerator random, int readBufferStripeCapacity) {
		this(counters, maxEntries, eviction, Ticker.of(clock), events, random, readBufferStripeCapacity);
	}

	/**
	 * @param readBufferStripeCapacity events per read-buffer stripe, a power of two; tests
	 * use tiny ones to exercise a full buffer
	 */
	LocalStore(Counters<V> counters, long maxEntries, EvictionPolicy eviction, Ticker ticker, StoreEvents events,
			RandomGenerator random, int readBufferStripeCapacity) {
		this(counters, maxEntries, eviction, ticker, events, random, new ReadBuffer(readBufferStripeCapacity));
	}

	/**
	 * @param readBuffer where uses wait for the policy, if it tracks them (else unused);
	 * tests pass one that pauses a reader between claiming a slot and filling it
	 */
	LocalStore(Counters<V> counters, long maxEntries, EvictionPolicy eviction, Ticker ticker, StoreEvents events,
			RandomGenerator random, ReadBuffer readBuffer) {
		// An unbounded store never picks a victim, so it needs no order beyond insertion.
		this(counters, maxEntries, eviction, ticker, events,
				Policy.create((maxEntries > 0) ? eviction : EvictionPolicy.FIFO, random), readBuffer);
	}

	/**
	 * @param policy what {@link Policy#create} makes for {@code eviction}, or for FIFO if
	 * {@code maxEntries} is 0; tests pass one that wraps it to look at the store from inside
	 * an insert that evicts
	 */
	LocalStore(Counters<V> counters, long maxEntries, EvictionPolicy eviction, Ticker ticker, StoreEvents events,
			Policy policy, ReadBuffer readBuffer) {
		this.counters = counters;
		this.maxEntries = maxEntries;
		this.ordered = maxEntries > 0 || eviction == EvictionPolicy.FIFO;
		this.policy = policy;
		this.policy.setBound(maxEntries);
		this.ticker = ticker;
		this.events = events;
		this.reporting = events.reportsRemovals();
		this.reads = this.policy.tracksReads() ? readBuffer : null;
	}

	@Override
	@SuppressWarnings("unchecked") // Only values of type V are ever stored.
	public @Nullable V get(Object key) {
		Node node = this.map.get(key);
		if (node == null) {
			return null;
		}
		Object value = readLive(node);
		if (value != null) {
			recordUse(node);
		}
		return (V) value;
	}

	@Override
	public boolean contains(Object key) {
		Node node = this.map.get(key);
		return node != null && readLive(node) != null;
	}

	private @Nullable Object readLive(Node node) {
		// The own expiry before the value: see Node.keepsExpiry().
		long expiresAt = node.ownExpiry();
		Object stored = node.value;
		if (stored instanceof Node.Marked) {
			return Node.liveValue(stored, expiresAt, this.ticker);
		}
		return (expiresAt == Node.NEVER || this.ticker.millis() < expiresAt) ? stored : null;
	}

	/**
	 * Records a use (a read hit, or a write of a live entry) with the policy, without ever
	 * waiting: a stripe at half capacity is drained if the lock is free, and a full one is
	 * drained if the lock is free and otherwise overflows.
	 */
	private void recordUse(Node node) {
		ReadBuffer reads = this.reads;
		if (reads == null) {
			return;
		}
		int recorded = reads.offer(node);
		if (recorded == ReadBuffer.RECORDED) {
			return;
		}
		tryDrain(reads);
		if (recorded == ReadBuffer.FULL && reads.offer(node) == ReadBuffer.FULL) {
			reads.overflow(node);
		}
	}

	private void tryDrain(ReadBuffer reads) {
		if (this.evictionLock.tryLock()) {
			try {
				reads.drainTo(this.policy, false);
			}
			finally {
				this.evictionLock.unlock();
			}
		}
	}

	/**
	 * Takes the eviction lock for a writer, spinning and then yielding before it parks, and
	 * applies every recorded use, waiting for those in flight, so that whatever the caller
	 * decides next counts them.
	 */
	private void lock() {
		if (!this.evictionLock.tryLock() && !spinForLock()) {
			acquire(null);
		}
		try {
			drainReads();
		}
		catch (RuntimeException | Error ex) {
			// The callers' try blocks start after lock(): release it here, or it stays held.
			unlock();
			throw ex;
		}
	}

	/**
	 * Spins for the busy eviction lock about as long as a writer holds it for one insert.
	 * @return whether the caller holds it now
	 */
	private boolean spinForLock() {
		for (int spin = 0; spin < LOCK_SPINS; spin++) {
			Thread.onSpinWait();
			if (this.evictionLock.tryLock()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Takes the eviction lock, still busy after {@link #spinForLock}: yields, then parks.
	 * With {@code waiting}, an insert already offered to the holder, stops as soon as it is
	 * applied instead.
	 * @return whether the caller holds the lock now ({@code false} only once {@code waiting} is applied)
	 */
	private boolean acquire(@Nullable Admission waiting) {
		for (int yields = 0; yields < LOCK_YIELDS; yields++) {
			if (waiting != null && waiting.applied) {
				return false;
			}
			if (this.evictionLock.tryLock()) {
				return true;
			}
			Thread.yield();
		}
		if (waiting != null && waiting.applied) {
			return false;
		}
		this.evictionLock.lock();
		return true;
	}

	/** Applies every recorded use, waiting for those in flight; under the lock. */
	private void drainReads() {
		if (this.reads != null) {
			this.reads.drainTo(this.policy, true);
		}
	}

	/**
	 * Releases the eviction lock, first applying the inserts that found it busy, so that one
	 * hand-off of the lock serves them all.
	 */
	private void unlock() {
		try {
			if (this.waiting != null) {
				applyWaitingInserts();
			}
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	/**
	 * Applies the waiting inserts in the order they came, a batch at a time, until none
	 * waits. Each batch first drains the uses recorded before it, so each decision counts
	 * every read that returned before its insert began. Under the lock; never throws: a
	 * failure goes to its own insert's thread.
	 */
	private void applyWaitingInserts() {
		Admission newest;
		while ((newest = (Admission) WAITING_INSERTS.getAndSet(this, null)) != null) {
			Throwable drainFailure = null;
			try {
				drainReads();
			}
			catch (RuntimeException | Error ex) {
				// Each insert of the batch fails as it would have draining itself, in its thread.
				drainFailure = ex;
			}
			// In the order they came, oldest first.
			Admission batch = null;
			while (newest != null) {
				Admission older = newest.next;
				newest.next = batch;
				batch = newest;
				newest = older;
			}
			while (batch != null) {
				Admission next = batch.next;
				if (drainFailure != null) {
					batch.failure = drainFailure;
				}
				else {
					try {
						admit(batch);
					}
					catch (RuntimeException | Error ex) {
						batch.failure = ex;
					}
				}
				this.combinedInserts++;
				batch.applied = true;
				batch = next;
			}
		}
	}

	@Override
	public void put(Object key, V value, Duration ttl) {
		long now = this.ticker.millis();
		long expiresAt = Expiry.at(now, ttl);
		write(key, value, expiresAt, now, false);
	}

	@Override
	public void putAll(Map<?, ? extends V> entries, Duration ttl) {
		long now = this.ticker.millis();
		long expiresAt = Expiry.at(now, ttl);
		entries.forEach((key, value) -> write(key, value, expiresAt, now, false));
	}

	@Override
	@SuppressWarnings("unchecked") // Only values of type V are ever stored.
	public @Nullable V putIfAbsent(Object key, V value, Duration ttl) {
		long now = this.ticker.millis();
		long expiresAt = Expiry.at(now, ttl);
		Object found = write(key, value, expiresAt, now, true);
		return (found != null) ? (V) Node.unwrap(found) : null;
	}

	/**
	 * Writes {@code value}: overwrites the live entry of the key (unless {@code ifAbsent},
	 * when finding it is a read of it), or inserts a new one.
	 * @return with {@code ifAbsent}, the live stored value found, else {@code null}
	 */
	private @Nullable Object write(Object key, Object value, long expiresAt, long now, boolean ifAbsent) {
		Node created = null;
		while (true) {
			Node node = this.map.get(key);
			if (node == null) {
				created = insertIfAbsent(key, created, value, expiresAt, now);
				if (created == null) {
					return null;
				}
				continue;
			}
			// The own expiry first, as a read: putIfAbsent hands the value it finds out.
			long ownExpiry = node.ownExpiry();
			Object current = node.value;
			if (Node.isLive(current, ownExpiry, now)) {
				if (ifAbsent) {
					recordUse(node);
					return current;
				}
				if (overwrite(node, current, value, expiresAt)) {
					return null;
				}
				continue;
			}
			removeDead(node, current, now);
		}
	}

	/**
	 * Inserts {@code value} under a key found absent: enters {@code created} (made if
	 * {@code null}) into the map {@link Node#PENDING}, then publishes it.
	 * @return {@code null} once inserted; the node, for the caller's next try, if another
	 * thread mapped the key first
	 */
	private @Nullable Node insertIfAbsent(Object key, @Nullable Node created, Object value, long expiresAt, long now) {
		Node node = (created != null) ? created : this.policy.newNode(key, Node.PENDING, expiresAt);
		if (this.map.putIfAbsent(key, node) != null) {
			return node;
		}
		insert(node, node.stored(value, expiresAt), now);
		return null;
	}

	/**
	 * Replaces a live value: lock-free if the expiry stays or moves later, else under the lock.
	 * @return {@code false} if the entry changed meanwhile and the caller must look again
	 */
	private boolean overwrite(Node node, Object current, Object value, long expiresAt) {
		long currentExpiry = node.expiryOf(current);
		// The heap tolerates an expiry that moves later, not one that appears, goes or moves earlier.
		if (currentExpiry == expiresAt || currentExpiry != Node.NEVER && expiresAt != Node.NEVER && expiresAt > currentExpiry) {
			Object stored = node.storedOver(current, value, expiresAt);
			if (node.casValue(current, stored)) {
				if (stored == value) {
					node.raiseExpiry(expiresAt);
				}
				recordUse(node);
				replaced(node, current);
				return true;
			}
			return false;
		}
		lock();
		try {
			if (node.isRemoved() || !node.casValue(current, node.pinned(value, expiresAt))) {
				return false;
			}
			scheduleExpiry(node, expiresAt);
			this.policy.onWrite(node);
		}
		finally {
			unlock();
		}
		replaced(node, current);
		return true;
	}

	/** Counts a live value overwritten, and reports it if someone listens. */
	private void replaced(Node node, Object previous) {
		this.events.recordRemovals(RemovalCause.REPLACED, 1);
		report(RemovalCause.REPLACED, node, previous);
	}

	/** Reports a removal (counted by the caller) with the value it held, if someone listens. */
	private void report(RemovalCause cause, Node node, Object stored) {
		if (this.reporting) {
			this.events.removed(cause, node.key, Node.unwrap(stored));
		}
	}

	/**
	 * Takes a dead node (expired, removed, or evicted but still mapped) out of the map, or
	 * lets a pending insert or eviction, which is between the map and the lock or inside
	 * the lock, finish first; the caller then looks again.
	 * @param current the value the caller found dead at {@code now}. A bare one is taken
	 * out only if the own expiry, read again under the lock after it, still says so: the
	 * caller may have read that expiry before the value (as a reader does), and a lock-free
	 * overwrite may have stored the value and raised its expiry in between, then returned,
	 * its value read live by others since
	 * @param now the time the caller read
	 */
	private void removeDead(Node node, Object current, long now) {
		if (current == Node.PENDING || current instanceof Node.Evicted evicted && evicted.by().value == Node.PENDING) {
			// Another writer is between two steps of an insert: a writer may wait for a writer.
			Thread.yield();
			return;
		}
		if (!(current instanceof Node.Marked) || current instanceof Node.Expiring) {
			// A value, expired: it leaves the store as an expiration, taken by CAS, since a
			// lock-free overwrite whose writer read the time before the expiry may land
			// meanwhile; the entry then lives on, in the map too.
			lock();
			try {
				if (!node.isRemoved()) {
					if (node.isLive(current, now) || !node.casValue(current, Node.REMOVED)) {
						return;
					}
					unlink(node);
					this.events.recordExpirations(1);
					report(RemovalCause.EXPIRED, node, current);
				}
			}
			finally {
				unlock();
			}
		}
		this.map.remove(node.key, node);
	}

	/**
	 * Publishes a node that entered the map {@link Node#PENDING}, after making room for it
	 * ({@link #admit}); the victim and the purged leave the map after the lock is released.
	 * An insert that still finds the lock busy after a spin is combined: the holder applies it.
	 */
	private void insert(Node node, Object stored, long now) {
		if (this.evictionLock.tryLock() || spinForLock()) {
			Admission admission = new Admission(node, stored, now);
			try {
				drainReads();
				admit(admission);
			}
			catch (RuntimeException | Error ex) {
				admission.failure = ex;
			}
			finally {
				unlock();
			}
			admitted(admission);
		}
		else {
			insertCombined(new Admission(node, stored, now));
		}
	}

	/**
	 * Offers an insert that found the lock busy to whoever holds it, and waits until the
	 * holder has applied it as it unlocks, or takes the lock and applies it (with any others
	 * waiting) itself.
	 */
	private void insertCombined(Admission admission) {
		Admission head;
		do {
			head = this.waiting;
			admission.next = head;
		}
		while (!WAITING_INSERTS.compareAndSet(this, head, admission));
		if (acquire(admission)) {
			// If not yet applied, it is still in the list (holders apply only under the
			// lock), and unlocking applies the list.
			unlock();
		}
		admitted(admission);
	}

	/**
	 * Makes room for the admission's node and publishes it, under the lock: when the store
	 * is full, expired entries are purged (if the earliest expiry has passed) and, if it is
	 * still full, the policy's victim is evicted in the same step as the node becomes
	 * visible.
	 * <p>The order readers rely on: the victim's mark, the node's publication, the victim's
	 * retirement. The eviction is counted ({@link StoreEvents#recordEviction}) between the
	 * first two, which costs what counting later would, and the policy is handed the
	 * victim's place between the last two: where a test's events and policy look at the
	 * store from another thread ({@code LocalStoreEvictionStepTests}). Without a victim,
	 * the policy takes the node before its publication, so an {@code onInsert} that throws
	 * having changed nothing leaves nothing visible and the size unchanged. (The
	 * publication itself is one release store: only an {@code Error} at the call could
	 * fail it after the policy took the node.)
	 */
	private void admit(Admission admission) {
		Node node = admission.node;
		Node victim = null;
		if (this.maxEntries > 0 && this.size >= this.maxEntries) {
			admission.purged = purgeExpired(admission.now);
			if (this.size >= this.maxEntries) {
				victim = this.policy.victim();
				admission.victimValue = markEvicted(victim, node);
				// Here, not after the publication: see the Javadoc.
				this.events.recordEviction();
			}
		}
		if (victim != null) {
			node.publish(admission.stored);
			// The node takes the victim's place in the policy (the size stays), here
			// rather than before the publication: see the Javadoc.
			this.policy.replace(victim, node);
			retire(victim);
			admission.victim = victim;
		}
		else {
			// The policy takes the node before its publication: see the Javadoc.
			this.policy.onInsert(node);
			this.size++;
			node.publish(admission.stored);
		}
		scheduleExpiry(node, node.expiresAt());
	}

	/**
	 * After the lock: takes the victim and the purged entries out of the map, and reports
	 * the eviction; or throws what applying the insert threw, first taking its node out of
	 * the map if it never published, so that its key is not left pending for good.
	 */
	private void admitted(Admission admission) {
		Throwable failure = admission.failure;
		if (failure != null && admission.node.value == Node.PENDING) {
			this.map.remove(admission.node.key, admission.node);
		}
		if (failure instanceof Error error) {
			throw error;
		}
		if (failure != null) {
			throw (RuntimeException) failure;
		}
		Node victim = admission.victim;
		if (victim != null) {
			this.map.remove(victim.key, victim);
			report(RemovalCause.EVICTED, victim, admission.victimValue);
		}
		unmap(admission.purged);
	}

	/**
	 * Marks the victim evicted by {@code by}, keeping its value, even against a lock-free overwrite.
	 * @return the value it held
	 */
	private static Object markEvicted(Node victim, Node by) {
		Object current;
		do {
			current = victim.value;
		}
		while (!victim.casValue(current, new Node.Evicted(current, by)));
		return current;
	}

	@Override
	public long increment(Object key, long delta, Duration ttlIfCreated) {
		long now = this.ticker.millis();
		Node created = null;
		while (true) {
			Node node = this.map.get(key);
			if (node == null) {
				created = insertIfAbsent(key, created, this.counters.write(delta), Expiry.at(now, ttlIfCreated), now);
				if (created == null) {
					return delta;
				}
				continue;
			}
			// The own expiry first, as a read: a value after its expiry could make the
			// increment fail (not a counter, or an overflow) instead of creating the entry.
			long ownExpiry = node.ownExpiry();
			Object current = node.value;
			if (!Node.isLive(current, ownExpiry, now)) {
				removeDead(node, current, now);
				continue;
			}
			@SuppressWarnings("unchecked") // Only values of type V are ever stored.
			Long count = this.counters.read((V) Node.unwrap(current));
			if (count == null) {
				throw new IllegalStateException("Cannot increment key " + key + ": it holds a "
						+ Node.unwrap(current).getClass().getName() + ", not a counter");
			}
			long next = Math.addExact(count, delta);
			// The expiry stays, so the heap does not change: one CAS, as a lock-free overwrite.
			if (node.casValue(current, node.storedOver(current, this.counters.write(next), node.expiryOf(current)))) {
				recordUse(node);
				replaced(node, current);
				return next;
			}
		}
	}

	/**
	 * Gives a live entry a new expiry under the eviction lock, as an overwrite whose expiry
	 * moves earlier does, since the {@link ExpiryQueue} must file it again: the value is
	 * swapped by CAS for itself {@link Node#pinned pinned} to its new expiry, so a lock-free
	 * overwrite racing it lands wholly before or after it. Not a use: the
	 * policy is not told. Waits for an insert in progress, as a write does.
	 */
	@Override
	public boolean touch(Object key, Duration ttl) {
		while (true) {
			Node node = this.map.get(key);
			if (node == null) {
				return false;
			}
			Object current = node.value;
			long seen = this.ticker.millis();
			if (!node.isLive(current, seen)) {
				removeDead(node, current, seen);
				continue;
			}
			lock();
			try {
				long now = this.ticker.millis();
				if (node.isRemoved() || node.value != current || !node.isLive(current, now)) {
					continue;
				}
				long expiresAt = Expiry.at(now, ttl);
				if (!node.casValue(current, node.pinned(Node.unwrap(current), expiresAt))) {
					continue;
				}
				scheduleExpiry(node, expiresAt);
				return true;
			}
			finally {
				unlock();
			}
		}
	}

	/** Read without a lock, as {@link #contains}: the own expiry around the value, until they agree. */
	@Override
	public Optional<Duration> timeToLive(Object key) {
		Node node = this.map.get(key);
		if (node == null) {
			return Optional.empty();
		}
		long ownExpiry;
		Object stored;
		do {
			ownExpiry = node.ownExpiry();
			stored = node.value;
		}
		while (ownExpiry != node.ownExpiry());
		if (stored instanceof Node.Evicted evicted && evicted.by().value == Node.PENDING) {
			// Still visible until the entry that evicts it is in.
			stored = evicted.stored();
		}
		if (stored instanceof Node.Marked && !(stored instanceof Node.Expiring)) {
			// Pending, removed or evicted.
			return Optional.empty();
		}
		long expiresAt = (stored instanceof Node.Expiring expiring) ? expiring.expiresAt() : ownExpiry;
		long now = this.ticker.millis();
		return (expiresAt == Node.NEVER || now < expiresAt) ? Optional.of(Expiry.remaining(expiresAt, now))
				: Optional.empty();
	}

	/**
	 * Removes each live entry under a {@code String} key with the prefix, one
	 * {@link #remove} each, as the map's weakly consistent iteration finds them.
	 */
	@Override
	public int removeByPrefix(String prefix) {
		int removed = 0;
		for (Object key : this.map.keySet()) {
			if (key instanceof String string && string.startsWith(prefix) && remove(key)) {
				removed++;
			}
		}
		return removed;
	}

	@Override
	public boolean remove(Object key) {
		while (true) {
			Node node = this.map.get(key);
			if (node == null) {
				return false;
			}
			Object current = node.value;
			if (current == Node.PENDING) {
				// Not yet visible: the remove goes before that insert.
				return false;
			}
			boolean removed = false;
			boolean gone;
			lock();
			try {
				gone = node.isRemoved();
				if (!gone) {
					current = unlink(node);
					removed = node.isLive(current, this.ticker.millis());
					if (!removed) {
						this.events.recordExpirations(1);
					}
					else {
						this.events.recordRemovals(RemovalCause.EXPLICIT, 1);
					}
					report(removed ? RemovalCause.EXPLICIT : RemovalCause.EXPIRED, node, current);
				}
			}
			finally {
				unlock();
			}
			this.map.remove(key, node);
			if (!gone || this.map.get(key) == null) {
				return removed;
			}
			// The node was already dead and a newer one may have replaced it: look again.
		}
	}

	@Override
	public int removeAll(Collection<?> keys) {
		int removed = 0;
		for (Object key : keys) {
			if (remove(key)) {
				removed++;
			}
		}
		return removed;
	}

	@Override
	public void clear() {
		int cleared = 0;
		lock();
		try {
			this.expiries.clear();
			for (Node node : this.map.values()) {
				if (node.value != Node.PENDING && !node.isRemoved()) {
					Object current = takeValue(node);
					node.markRemoved();
					cleared++;
					report(RemovalCause.CLEARED, node, current);
				}
			}
			this.events.recordRemovals(RemovalCause.CLEARED, cleared);
			// Unlinks every node too, so one left in a read buffer retains nothing else.
			this.policy.clear();
			this.size = 0;
		}
		finally {
			unlock();
		}
		this.map.values().removeIf((node) -> node.value == Node.REMOVED);
	}

	@Override
	public OptionalLong size() {
		@Nullable List<Node> purged;
		long count;
		lock();
		try {
			purged = purgeExpired(this.ticker.millis());
			count = this.size;
		}
		finally {
			unlock();
		}
		unmap(purged);
		return OptionalLong.of(count);
	}

	@Override
	public int removeExpired() {
		@Nullable List<Node> purged;
		lock();
		try {
			purged = purgeExpired(this.ticker.millis());
		}
		finally {
			unlock();
		}
		unmap(purged);
		return (purged != null) ? purged.size() : 0;
	}

	@Override
	public long maxEntries() {
		return this.maxEntries;
	}

	/**
	 * Changes the bound under the eviction lock; a lower one evicts the policy's victims
	 * at once (expired entries go first, as expirations), each counted as an eviction, so
	 * the bound holds again when this returns. A store created unbounded keeps no eviction
	 * order but insertion, so it takes a bound only if its policy is FIFO.
	 */
	@Override
	public void resize(long maxEntries) {
		if (maxEntries < 0) {
			throw new IllegalArgumentException("max-entries must not be negative: " + maxEntries);
		}
		if (maxEntries > 0 && !this.ordered) {
			throw new IllegalStateException("it was created unbounded (max-entries: 0) and keeps only insertion "
					+ "order, not the order its eviction policy needs; configure a bound at start-up");
		}
		@Nullable List<Node> purged = null;
		List<Node> evicted = new ArrayList<>();
		List<Object> values = new ArrayList<>();
		lock();
		try {
			this.maxEntries = maxEntries;
			this.policy.setBound(maxEntries);
			if (maxEntries > 0 && this.size > maxEntries) {
				purged = purgeExpired(this.ticker.millis());
				while (this.size > maxEntries) {
					Node victim = this.policy.victim();
					values.add(unlink(victim));
					this.events.recordEviction();
					evicted.add(victim);
				}
			}
		}
		finally {
			unlock();
		}
		unmap(purged);
		unmap(evicted);
		for (int i = 0; i < evicted.size(); i++) {
			report(RemovalCause.EVICTED, evicted.get(i), values.get(i));
		}
	}

	/**
	 * Takes the node's value, leaving it {@link Node#REMOVED}: a CAS, so that a lock-free
	 * overwrite either lands before (its value is the one taken, and reported) or fails
	 * and looks again, never lost between a read and the removal.
	 */
	private static Object takeValue(Node node) {
		Object current;
		do {
			current = node.value;
		}
		while (!node.casValue(current, Node.REMOVED));
		return current;
	}

	/**
	 * Unlinks every entry expired at {@code now}, under the lock; O(1) unless the earliest
	 * expiry has passed.
	 * @return the purged nodes, to take out of the map once the lock is released, or
	 * {@code null} for none
	 */
	private @Nullable List<Node> purgeExpired(long now) {
		if (!this.expiries.hasExpired(now)) {
			return null;
		}
		List<Node> purged = new ArrayList<>();
		this.expiries.drainExpired(now, (node) -> {
			// By CAS: a lock-free overwrite whose writer read the time before the expiry
			// may land meanwhile, and is then filed again, not lost under REMOVED.
			Object current = node.value;
			if (node.expiryOf(current) > now || !node.casValue(current, Node.REMOVED)) {
				this.expiries.schedule(node);
				return;
			}
			report(RemovalCause.EXPIRED, node, current);
			unlink(node);
			purged.add(node);
		});
		this.events.recordExpirations(purged.size());
		return purged;
	}

	private void unmap(@Nullable List<Node> nodes) {
		if (nodes != null) {
			nodes.forEach((node) -> this.map.remove(node.key, node));
		}
	}

	/**
	 * Takes the node out of the policy and the expiry heap under the eviction lock, and
	 * marks it gone; the caller takes it out of the map after unlocking. (An evicted node
	 * never comes here: its insert hands its place to the new entry and
	 * {@linkplain #retire retires} it.) The value is taken by CAS, so a lock-free overwrite
	 * lands wholly before (its value is the one taken out) or fails and looks again; it is
	 * never lost unreported.
	 * @return the value the node held
	 */
	private Object unlink(Node node) {
		Object current;
		do {
			current = node.value;
		}
		while (!node.casValue(current, Node.REMOVED));
		this.policy.onRemove(node);
		retire(node);
		this.size--;
		return current;
	}

	/** Takes a node that left the policy out of the expiry queue, and marks it gone. */
	private void retire(Node node) {
		this.expiries.remove(node);
		node.markRemoved();
	}

	private void scheduleExpiry(Node node, long expiresAt) {
		if (expiresAt != Node.NEVER) {
			this.expiries.schedule(node);
		}
		else {
			this.expiries.remove(node);
		}
	}

	/**
	 * Checks, at a quiescent point, that the map, the size count, the policy and the expiry
	 * heap agree.
	 * @throws IllegalStateException describing the first disagreement
	 */
	void checkInvariants() {
		lock();
		try {
			if (this.maxEntries > 0 && this.size > this.maxEntries) {
				throw new IllegalStateException("size " + this.size + " exceeds bound " + this.maxEntries);
			}
			if (this.size != this.map.size()) {
				throw new IllegalStateException("size " + this.size + " but " + this.map.size() + " mapped");
			}
			long expiring = this.map.values().stream().filter((node) -> node.expiresAt() != Node.NEVER).count();
			if (expiring != this.expiries.size()) {
				throw new IllegalStateException(expiring + " expiring entries but " + this.expiries.size() + " in heap");
			}
			for (Node node : this.map.values()) {
				if (node.isRemoved() || node.value instanceof Node.Marked marked && !(marked instanceof Node.Expiring)) {
					throw new IllegalStateException("dead or pending node still mapped: " + node.key);
				}
			}
		}
		finally {
			unlock();
		}
	}

	/** The eviction lock, for tests that hold it to show what does not wait for it. */
	ReentrantLock evictionLock() {
		return this.evictionLock;
	}

	/** How many inserts were combined (applied from the waiting list), for tests of combining. */
	long combinedInserts() {
		this.evictionLock.lock();
		try {
			return this.combinedInserts;
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	/** How many inserts wait for the lock's holder to apply them, for tests of combining. */
	int waitingInserts() {
		int count = 0;
		for (Admission waiting = this.waiting; waiting != null; waiting = waiting.next) {
			count++;
		}
		return count;
	}

	/** The read buffer, for tests of reads in flight; {@code null} for FIFO, LIFO and RANDOM. */
	@Nullable ReadBuffer readBuffer() {
		return this.reads;
	}

	/** The node of {@code key}, for tests of what a removed node retains. */
	@Nullable Node node(Object key) {
		return this.map.get(key);
	}

	@Override
	public String toString() {
		return "local-memory";
	}

	/**
	 * One insert under the lock: what it publishes, and what it took out for its own thread
	 * to finish after the lock. Made per insert: escape analysis removes the allocation of
	 * one that takes the lock itself (a put allocates as many bytes as before); one that
	 * waits for the holder is also a link of the waiting list.
	 */
	private static final class Admission {

		final Node node;

		final Object stored;

		final long now;

		@Nullable Admission next;

		@Nullable Node victim;

		@Nullable Object victimValue;

		@Nullable List<Node> purged;

		@Nullable Throwable failure;

		/** Set by the holder once it applied this insert; read by its own thread, which then finishes it. */
		volatile boolean applied;

		Admission(Node node, Object stored, long now) {
			this.node = node;
			this.stored = stored;
			this.now = now;
		}

	}

}
