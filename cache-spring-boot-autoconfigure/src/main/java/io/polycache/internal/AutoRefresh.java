package io.polycache.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The schedule of {@code auto-refresh} for one cache: every key loaded through a loader or
 * a method is reloaded in the background once per period, while it has been read within
 * {@code auto-refresh-idle}.
 * <p><b>A timer wheel.</b> The schedule is {@value #SLOTS} slots that together span one
 * period; one tick every period / {@value #SLOTS} visits the next slot, so each key is
 * visited once per period, and the work per tick is the keys of one slot, never one
 * task or timer per key. A key joins the slot visited last, so its first visit is about
 * one period after its load. A visit drops the key if it was not read within the idle
 * time, and otherwise hands it to {@code reload}, which decides (on the refresh executor,
 * reading the store) whether the value is still there and due.
 * <p><b>Bounded.</b> At most {@code maxKeys} keys are scheduled; a key loaded while the
 * schedule is full is not (logged at most once per ten seconds). A key leaves the
 * schedule when it goes idle, when it is evicted through the cache, when the reload finds
 * it gone from the store (evicted for size or expired), and every key leaves on
 * {@code clear()} and {@link #close()}. The slots and the index drop their tables once
 * empty, so an idle schedule holds no memory for keys it once had.
 * <p>Reads take no lock, and note the time at most once per
 * {@value #READ_GRANULARITY_DIVISOR}th of the idle time per key: a hit writes nothing most
 * of the time. Loads, evictions and ticks change the schedule under its lock; a tick
 * only hands keys to the refresh executor, so it holds the lock briefly.
 * <p>Thread-safe.
 */
final class AutoRefresh<K> implements AutoCloseable {

	static final int SLOTS = 64;

	private static final int READ_GRANULARITY_DIVISOR = 16;

	private final String cacheName;

	private final Clock clock;

	private final long idleMillis;

	private final long readGranularityMillis;

	/** The most keys scheduled; follows the cache's {@code max-entries} when it changes at run time. */
	private volatile long maxKeys;

	private final Consumer<Scheduled<K>> reload;

	/** The scheduled keys, read without a lock; changed only under this object's lock. */
	private volatile ConcurrentMap<K, Scheduled<K>> keys = new ConcurrentHashMap<>();

	@SuppressWarnings("unchecked")
	private final Set<Scheduled<K>>[] slots = new Set[SLOTS];

	private final RateLimitedLog log;

	private int cursor;

	private @Nullable Runnable cancel;

	private volatile boolean closed;

	/**
	 * @param reload starts the reload of a scheduled key that is still read; it must call
	 * {@link #forget} if it finds the key gone from the store
	 */
	AutoRefresh(String cacheName, Duration idle, long maxKeys, Clock clock, Consumer<Scheduled<K>> reload) {
		this.cacheName = cacheName;
		this.clock = clock;
		this.idleMillis = idle.toMillis();
		this.readGranularityMillis = Math.max(1, this.idleMillis / READ_GRANULARITY_DIVISOR);
		this.maxKeys = (maxKeys > 0) ? maxKeys : Long.MAX_VALUE;
		this.reload = reload;
		for (int i = 0; i < SLOTS; i++) {
			this.slots[i] = new HashSet<>();
		}
		this.log = new RateLimitedLog(LogFactory.getLog(AutoRefresh.class), Duration.ofSeconds(10));
	}

	/** Ticks this schedule with the scheduler, one slot every period / {@value #SLOTS}. */
	synchronized void start(TickScheduler scheduler, Duration period) {
		if (!this.closed) {
			this.cancel = scheduler.every(this.cacheName, period.dividedBy(SLOTS), this::tick);
		}
	}

	/**
	 * The key was just loaded with this reloader: schedule it (or give it the new
	 * reloader), unless the schedule is full or closed.
	 */
	void loaded(K storeKey, Object key, Callable<?> reloader) {
		if (this.closed || (this.keys.size() >= this.maxKeys && !this.keys.containsKey(storeKey))) {
			// Without the lock: once the schedule is full, hits on unscheduled keys must not queue for it.
			full();
			return;
		}
		schedule(storeKey, key, reloader);
	}

	private void full() {
		if (!this.closed) {
			this.log.warn("Auto-refresh of cache '" + this.cacheName + "' holds " + this.maxKeys
					+ " keys, its max-entries: a key loaded now is not refreshed on schedule", null);
		}
	}

	private synchronized void schedule(K storeKey, Object key, Callable<?> reloader) {
		long now = this.clock.millis();
		Scheduled<K> present = this.keys.get(storeKey);
		if (present != null) {
			present.reloader = reloader;
			present.lastRead = now;
			return;
		}
		if (this.closed) {
			return;
		}
		if (this.keys.size() >= this.maxKeys) {
			full();
			return;
		}
		int slot = Math.floorMod(this.cursor - 1, SLOTS);
		Scheduled<K> scheduled = new Scheduled<>(storeKey, key, reloader, slot, now);
		this.keys.put(storeKey, scheduled);
		this.slots[slot].add(scheduled);
	}

	/** The key was read: it stays scheduled for another idle time. Takes no lock. */
	void read(K storeKey) {
		Scheduled<K> scheduled = this.keys.get(storeKey);
		if (scheduled != null) {
			long now = this.clock.millis();
			if (now - scheduled.lastRead >= this.readGranularityMillis) {
				scheduled.lastRead = now;
			}
		}
	}

	/** Whether the key is scheduled. Takes no lock. */
	boolean isScheduled(K storeKey) {
		return this.keys.containsKey(storeKey);
	}

	/** The key was evicted, or found gone: it leaves the schedule. */
	synchronized void forget(K storeKey) {
		Scheduled<K> scheduled = this.keys.remove(storeKey);
		if (scheduled != null) {
			removeFromSlot(scheduled);
		}
	}

	/** Every key whose application key passes the test leaves the schedule: for an eviction by prefix. */
	synchronized void forgetIf(Predicate<Object> evicted) {
		for (Scheduled<K> scheduled : this.keys.values()) {
			if (evicted.test(scheduled.key)) {
				forget(scheduled.storeKey);
			}
		}
	}

	/** Every key leaves the schedule, and the tables they took are dropped. */
	synchronized void forgetAll() {
		this.keys = new ConcurrentHashMap<>();
		for (int i = 0; i < SLOTS; i++) {
			this.slots[i] = new HashSet<>();
		}
	}

	/**
	 * Follows a run-time change of the cache's {@code max-entries} ({@code 0}: unbounded).
	 * Keys already scheduled above a lower bound stay until they go idle or leave the store,
	 * as the store's own eviction makes them do.
	 */
	void resize(long maxKeys) {
		this.maxKeys = (maxKeys > 0) ? maxKeys : Long.MAX_VALUE;
	}

	/** How many keys are scheduled. */
	int scheduled() {
		return this.keys.size();
	}

	/**
	 * Visits the next slot: drops its idle keys and hands the others to {@code reload}.
	 * Never throws: a scheduled task that throws is not run again.
	 */
	synchronized void tick() {
		int slot = this.cursor;
		this.cursor = (this.cursor + 1) % SLOTS;
		long now = this.clock.millis();
		// A copy: a reload run on this thread (a same-thread executor) may forget its key.
		for (Scheduled<K> scheduled : new ArrayList<>(this.slots[slot])) {
			if (now - scheduled.lastRead > this.idleMillis) {
				this.slots[slot].remove(scheduled);
				this.keys.remove(scheduled.storeKey, scheduled);
				continue;
			}
			try {
				this.reload.accept(scheduled);
			}
			catch (Throwable ex) {
				// Whatever it is: thrown out of the tick, it would end the timer for good, silently.
				this.log.warn("Auto-refresh of a key of cache '" + this.cacheName + "' could not start", ex);
			}
		}
		if (this.slots[slot].isEmpty()) {
			// A HashSet keeps its table when emptied: drop it with the keys it held.
			this.slots[slot] = new HashSet<>();
		}
		if (this.keys.isEmpty()) {
			this.keys = new ConcurrentHashMap<>();
		}
	}

	private void removeFromSlot(Scheduled<K> scheduled) {
		Set<Scheduled<K>> slot = this.slots[scheduled.slot];
		slot.remove(scheduled);
		if (slot.isEmpty()) {
			this.slots[scheduled.slot] = new HashSet<>();
		}
	}

	/** Stops the ticks and forgets every key; later loads are not scheduled. */
	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.cancel != null) {
			this.cancel.run();
		}
		forgetAll();
	}

	/** One scheduled key: its store and application keys, how to reload it, and when it was last read. */
	static final class Scheduled<K> {

		final K storeKey;

		final Object key;

		final int slot;

		volatile Callable<?> reloader;

		volatile long lastRead;

		Scheduled(K storeKey, Object key, Callable<?> reloader, int slot, long lastRead) {
			this.storeKey = storeKey;
			this.key = key;
			this.reloader = reloader;
			this.slot = slot;
			this.lastRead = lastRead;
		}

	}

}
