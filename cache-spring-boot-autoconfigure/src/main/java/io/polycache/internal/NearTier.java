package io.polycache.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStatistics;
import io.polycache.core.NearSettings;
import io.polycache.core.NearStatistics;
import io.polycache.spi.CacheStore;
import io.polycache.spi.InvalidationListener;
import io.polycache.spi.ResizableStore;

/**
 * The near copies of one cache: a local-memory store of decoded values, keyed by each
 * key's {@link KeyEncoder} form (a plain {@code String} key is its own form, so a hit
 * builds no string), and the bookkeeping that keeps them from going stale.
 * <p><b>Never filled with a value older than an invalidation.</b> A reader takes a
 * {@link #ticket} for the key before it reads the shared store, and {@link #fill} stores
 * what it read only if no invalidation of that key arrived since. The classic race
 * (instance B reads v1, A writes v2, A's invalidation reaches B before B's read returns,
 * and B then keeps v1 forever) cannot happen: the invalidation moved the key's version
 * past B's ticket. An invalidation that arrives between the check and the store is caught
 * by a second check after it, which drops the copy. Versions live in
 * {@value #STRIPES} stripes by the form's hash, so two keys sharing a stripe only cost
 * each other a fill, never correctness.
 * <p><b>Serves nothing while it might have missed an invalidation.</b> As an
 * {@link InvalidationListener}, the tier stops serving the moment its channel reports
 * {@link #disconnected()}, and starts again, empty, on {@link #connected()}. A tier without
 * a channel (memcached) serves from the start, and each copy lives at most
 * {@code near.ttl}.
 * <p>Thread-safe; reads take no lock beyond the local-memory store's own.
 */
final class NearTier implements InvalidationListener {

	/** Version stripes; a power of two. */
	static final int STRIPES = 1024;

	private final CacheStore<Object, Object> copies;

	private final StatsCounter events = new StatsCounter();

	private final String keyPrefix;

	/** How long a copy filled from now on lives; changed by {@link #change}. */
	private volatile Duration ttl;

	private final AtomicLongArray versions = new AtomicLongArray(STRIPES);

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder invalidations = new LongAdder();

	private volatile boolean serving;

	/** Whether the store tells this tier that an entry changed; without that, copies must expire. */
	private final boolean pushed;

	/**
	 * @param settings the cache's settings, with its near tier enabled
	 * @param stores opens the local-memory store of the copies
	 * @param keyPrefix what every store key of the cache starts with, before the key's form
	 * @param pushed whether an invalidation channel will report {@link #connected()}; until
	 * it does, the tier serves nothing
	 */
	NearTier(CacheSettings settings, Clock clock, CacheAssembler.NearStores stores, String keyPrefix, boolean pushed) {
		NearSettings near = settings.near();
		this.copies = stores.create(
				CacheSettings.builder(settings.name()).maxEntries(near.maxEntries()).eviction(near.eviction()).build(),
				clock, this.events);
		this.keyPrefix = keyPrefix;
		this.ttl = near.ttl();
		this.serving = !pushed;
		this.pushed = pushed;
	}

	/** The near copy of the key with this form, or {@code null}; counts a near hit or miss. */
	@Nullable Object get(String form) {
		Object copy = this.serving ? this.copies.get(form) : null;
		(copy != null ? this.hits : this.misses).increment();
		return copy;
	}

	/** Whether a near copy of the key is served now; not a use of it. */
	boolean contains(String form) {
		return this.serving && this.copies.contains(form);
	}

	/** The key's version, taken before reading the shared store; see {@link #fill}. */
	long ticket(String form) {
		return this.versions.get(stripe(form));
	}

	/**
	 * Keeps a copy of what was read from the shared store, unless the key was invalidated
	 * since {@code ticket} was taken or the tier is not serving.
	 */
	void fill(String form, Object value, long ticket) {
		int stripe = stripe(form);
		if (!this.serving || this.versions.get(stripe) != ticket) {
			return;
		}
		this.copies.put(form, value, this.ttl);
		if (this.versions.get(stripe) != ticket) {
			// Invalidated between the check and the put: its removal may have come first.
			this.copies.remove(form);
		}
	}

	/** Drops the copy of the key, and fails every fill whose read started before now. */
	void invalidate(String form) {
		this.versions.incrementAndGet(stripe(form));
		this.copies.remove(form);
		this.invalidations.increment();
	}

	/** Drops every copy, and fails every fill whose read started before now. */
	void invalidateAll() {
		dropAll();
		this.invalidations.increment();
	}

	/** {@link #invalidateAll()} without counting it: no entry changed. */
	private void dropAll() {
		for (int i = 0; i < STRIPES; i++) {
			this.versions.incrementAndGet(i);
		}
		this.copies.clear();
	}

	@Override
	public void connected() {
		dropAll();
		this.serving = true;
	}

	@Override
	public void disconnected() {
		this.serving = false;
		dropAll();
	}

	@Override
	public void invalidated(String storeKey) {
		if (storeKey.startsWith(this.keyPrefix)) {
			invalidate(storeKey.substring(this.keyPrefix.length()));
		}
	}

	@Override
	public void invalidatedAll() {
		invalidateAll();
	}

	/** Whether the store tells this tier when an entry changes; if not, only a TTL ends a stale copy. */
	boolean hearsInvalidations() {
		return this.pushed;
	}

	/**
	 * Changes the tier's bound (evicting down to a lower one at once, counted as near
	 * evictions) and the TTL of copies filled from now on; copies already held keep theirs.
	 * @param maxEntries the new bound, positive, or {@code null} to keep it
	 * @param ttl the new TTL, or {@code null} to keep it
	 */
	void change(@Nullable Long maxEntries, @Nullable Duration ttl) {
		if (maxEntries != null) {
			if (!(this.copies instanceof ResizableStore resizable)) {
				throw new IllegalStateException("the near tier's store cannot change its bound");
			}
			resizable.resize(maxEntries);
		}
		if (ttl != null) {
			this.ttl = ttl;
		}
	}

	/** The store of copies, for the expiry sweeper. */
	CacheStore<Object, Object> copies() {
		return this.copies;
	}

	NearStatistics statistics() {
		CacheStatistics copyEvents = this.events.snapshot();
		return new NearStatistics(this.hits.sum(), this.misses.sum(), this.invalidations.sum(), copyEvents.evictions(),
				copyEvents.expirations(), this.copies.size().orElse(0), this.serving);
	}

	private static int stripe(String form) {
		int hash = form.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

}
