package io.polycache.spi;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * What a backend is like, declared once by its {@link BackendProvider}; Polycache applies
 * the matching behaviour to every cache of that backend, so no backend repeats it.
 *
 * @param keepsBytes whether the store keeps bytes (a {@link ByteStore}), so values go
 * through the cache's serializer and keys through its {@link KeyNamespace}; a provider
 * that declares it and opens a store of objects is refused at start-up
 * @param canFail whether the store talks to something that can fail (a server, a disk),
 * so {@code fail-open} applies to it
 * @param outages for a store behind a remote server, which of its failures mean the server
 * cannot be reached or did not answer in time: its stores get the outage guard
 * ({@code outage-window}); {@code null} for a backend without a server
 * @param evictsHere whether this process bounds and expires the entries
 * ({@code max-entries} and {@code eviction} apply, and expired entries are swept in the
 * background); {@code false} when a server decides what to evict
 * @param countsSize whether {@link CacheStore#size()} answers cheaply
 * @param pushesInvalidations whether the backend tells every instance that an entry changed,
 * so a near tier in front of it drops its copy at once: its provider returns an
 * {@link InvalidationChannel} for a cache with a near tier. Without it, a near copy lives
 * until its {@code near.ttl}
 * @param holdsLeases whether the backend holds leases every instance sees, so
 * {@code single-flight: cluster} applies to it: its provider returns {@link Leases} with
 * every store it opens
 */
public record BackendTraits(boolean keepsBytes, boolean canFail, @Nullable Predicate<RuntimeException> outages,
		boolean evictsHere, boolean countsSize, boolean pushesInvalidations, boolean holdsLeases) {

	public BackendTraits {
		if (outages != null && !canFail) {
			throw new IllegalArgumentException("A backend with outages can fail");
		}
	}

	/** A store in this JVM: objects, cannot fail, bounded and expired here, sized. */
	public static BackendTraits inProcess() {
		return new BackendTraits(false, false, null, true, true, false, false);
	}

	/**
	 * A store shared between processes on this machine (a directory): bytes, can fail,
	 * bounded and expired here, sized.
	 */
	public static BackendTraits sharedLocally() {
		return new BackendTraits(true, true, null, true, true, false, false);
	}

	/**
	 * A store behind a remote server: bytes, can fail, guarded against the outages
	 * {@code outages} recognises, bounded and expired by the server, not sized.
	 */
	public static BackendTraits remote(Predicate<RuntimeException> outages) {
		return new BackendTraits(true, true, outages, false, false, false, false);
	}

	/** These traits, with {@link #pushesInvalidations()}. */
	public BackendTraits withPushedInvalidations() {
		return new BackendTraits(this.keepsBytes, this.canFail, this.outages, this.evictsHere, this.countsSize, true,
				this.holdsLeases);
	}

	/** These traits, with {@link #holdsLeases()}. */
	public BackendTraits withLeases() {
		return new BackendTraits(this.keepsBytes, this.canFail, this.outages, this.evictsHere, this.countsSize,
				this.pushesInvalidations, true);
	}

	/** Whether the outage guard applies to this backend's stores. */
	public boolean guarded() {
		return this.outages != null;
	}

}
