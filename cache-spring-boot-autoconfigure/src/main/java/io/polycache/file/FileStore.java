package io.polycache.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheSettings;
import io.polycache.core.RemovalCause;
import io.polycache.file.EntryFile.Found;
import io.polycache.file.EntryFile.OtherKey;
import io.polycache.file.EntryFile.Read;
import io.polycache.internal.Expiry;
import io.polycache.internal.RateLimitedLog;
import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.ResizableStore;
import io.polycache.spi.StoreEvents;

/**
 * A cache kept as one file per entry under a directory, shared by every process that
 * opens the same directory and surviving restarts. Keys are strings (the factory's
 * {@code KeyMapper}), values are bytes (the cache's serializer), counters are kept as
 * decimal text.
 * <p><b>Reads</b> take no lock: a file is only ever replaced whole, by an atomic move, so
 * a reader sees the old file or the new one. A file that is truncated, corrupt or not an
 * entry file is a miss and is removed; one that holds another key (a hash collision) is a
 * miss and is left alone. Reads work from the moment the store is opened, while the
 * index is still being rebuilt.
 * <p><b>Writes</b> go to a temporary file beside the entry, outside any lock; then, under
 * this JVM's write lock and the directory's {@link ControlFile} lock, the file is moved
 * into place, the shared entry count adjusted, and a victim evicted if a new entry would
 * exceed the bound. So {@code putIfAbsent}, {@code increment} and {@code remove} are
 * atomic across threads and processes, and the bound is exact across processes, with
 * one exception: while this process knows of no entry it could evict (another process
 * wrote them all, or the start-up scan has not reached them) it lets the count exceed
 * the bound by the {@link #slack()} rather than wait, and rescans the directory once it
 * reaches that.
 * <p>Both locks are taken with a deadline, the lock timeout: a write, eviction, size
 * count or sweep that cannot get them in time (another process holding the directory's
 * lock is stopped, or clearing a large directory) fails with an
 * {@link UncheckedIOException} instead of waiting. Stores of one JVM on one directory
 * share its lock ({@link DirectoryLock}). Entries are opened only as regular files and
 * never through a link, in a directory checked by {@link DirectoryTrust}.
 * <p><b>Durability</b> ({@link DiskSync}): a change in place survives a crash of any
 * process. With fsync on, {@code put}, a storing {@code putIfAbsent}, {@code increment},
 * a {@code remove} that removed, and {@code clear} also survive an operating system crash
 * or power loss once they return: the entry file is forced before its move (outside the
 * lock, but for {@code increment}, which must read the old value first) and its directory
 * after the move (after the lock is released). Evictions, expiry
 * reclaims and the policy metadata are never forced: a victim that comes back after a
 * power cut holds the last value written for its key, and the count is recounted.
 * <p>The store's operations are here; its parts are the {@link StoreLock} (both locks and
 * the entry count), the {@link EntryIndex} (what this process knows, in eviction order)
 * and its {@link IndexBuild} (the start-up build and the rescans), the {@link Reclaimer}
 * (eviction to the bound, expiry, use write-back), and the {@link EntryReader} and
 * {@link EntryWriter} (one file by key, read or staged and moved into place), the
 * {@link ControlFileChannel} (other stores' changes, for a near tier), and the
 * {@link FileLeases} (leases for cluster-wide single flight, in a directory of their own).
 * <p>Thread-safe.
 */
final class FileStore implements ByteStore, ResizableStore {

	private static final Pattern COUNTER = Pattern.compile("-?[0-9]{1,19}");

	private final FileLayout layout;

	private final Clock clock;

	private final StoreEvents events;

	private final FileRemovals removals;

	private final DiskSync sync;

	private final Duration lockTimeout;

	private final EntryIndex entries;

	private final StoreLock lock;

	private final IndexBuild build;

	private final Reclaimer reclaimer;

	private final EntryReader reader;

	private final EntryWriter writer;

	private final ControlFileChannel invalidations;

	private final FileLeases leases;

	private final EntryMaintenance maintenance;

	private final KeyNamespace namespace;

	FileStore(Path root, CacheSettings settings, Clock clock, StoreEvents events, RandomGenerator random,
			Executor indexBuilder, Duration indexWait) throws IOException {
		this(root, settings, ControlFile.DEFAULT_TIMEOUT, DiskSync.OFF, clock, events, random, indexBuilder, indexWait);
	}

	/**
	 * Opens the store, creating its directory if missing.
	 * @param lockTimeout how long a write waits for the directory's lock before it fails
	 * @param sync whether writes wait for the disk
	 * @throws UnsafeDirectoryException if the root or the cache's directory is a link,
	 * another user's, or writable by group or others
	 * @throws IOException if the directory cannot be created or written
	 */
	FileStore(Path root, CacheSettings settings, Duration lockTimeout, DiskSync sync, Clock clock, StoreEvents events,
			RandomGenerator random, Executor indexBuilder, Duration indexWait) throws IOException {
		String name = settings.name();
		this.layout = new FileLayout(root, name);
		this.clock = clock;
		this.events = events;
		this.removals = new FileRemovals(this.layout, events);
		this.sync = sync;
		this.lockTimeout = lockTimeout;
		this.entries = new EntryIndex(settings.eviction(), random, clock);
		DirectoryTrust.createTrusted(root, this.layout.directory());
		this.invalidations = new ControlFileChannel(this.layout.controlFile());
		this.leases = new FileLeases(this.layout.directory(), clock, lockTimeout);
		this.lock = new StoreLock(name, this.layout, lockTimeout, this.entries, this.invalidations);
		this.build = new IndexBuild(name, this.layout, clock, events, this.lock, this.entries);
		this.reclaimer = new Reclaimer(this.layout, settings.maxEntries(), clock, events, this.lock, this.entries,
				this.build);
		RateLimitedLog cleanupFailures = new RateLimitedLog(LogFactory.getLog(FileStore.class), Duration.ofSeconds(10));
		this.reader = new EntryReader(name, this.layout, this.lock, cleanupFailures);
		this.writer = new EntryWriter(name, this.layout, sync, events, this.lock, this.entries, this.reclaimer,
				cleanupFailures);
		this.maintenance = new EntryMaintenance(name, this.layout, clock, sync, this.lock, this.entries, this.reader,
				this.writer);
		this.namespace = KeyNamespace.of(settings);
		try {
			sync.directory(root);
			// Fails now, naming the directory, if it cannot be written.
			Files.delete(Files.createTempFile(this.layout.directory(), FileLayout.PROBE_PREFIX,
					FileLayout.TEMP_SUFFIX, FileLayout.fileAttributes()));
			this.lock.withLock(() -> null);
			this.build.start(indexBuilder, indexWait);
		}
		catch (IOException | RuntimeException | Error ex) {
			// Gives back this store's share of the directory's locks, which would otherwise stay open.
			this.lock.release();
			this.leases.close();
			throw ex;
		}
	}

	/** The cache's own directory. */
	Path directory() {
		return this.layout.directory();
	}

	/**
	 * Where a near tier in front of this store hears of other stores' changes to the
	 * directory (see {@link ControlFileChannel}); closing the store ends its subscriptions.
	 */
	ControlFileChannel invalidations() {
		return this.invalidations;
	}

	/** The leases kept in the directory ({@link FileLeases}); closing the store ends them. */
	FileLeases leases() {
		return this.leases;
	}

	/** How far a full directory may exceed its bound while no victim is known here. */
	long slack() {
		return this.reclaimer.slack();
	}

	/** Whether the start-up scan has finished. */
	boolean isIndexed() {
		return this.build.isIndexed();
	}

	/** Rescans the whole directory now; see {@link IndexBuild#rescan()}. */
	int rescan() {
		return this.build.rescan();
	}

	@Override
	public byte @Nullable [] get(String key) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		Read read = this.reader.readQuietly(id, keyBytes);
		if (read instanceof Found found && found.entry().header().isLive(this.clock.millis())) {
			this.entries.recordUse(id, found.entry().header());
			return found.entry().value();
		}
		return null;
	}

	@Override
	public boolean contains(String key) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		return this.reader.readQuietly(FileLayout.id(keyBytes), keyBytes) instanceof Found found
				&& found.entry().header().isLive(this.clock.millis());
	}

	/** Writes the entry again with the new expiry; see {@link EntryMaintenance}. */
	@Override
	public boolean touch(String key, Duration ttl) {
		return this.maintenance.touch(key, ttl);
	}

	@Override
	public Optional<Duration> timeToLive(String key) {
		return this.maintenance.timeToLive(key);
	}

	/** Matches the keys of the cache's {@link KeyNamespace}: the store expects those. */
	@Override
	public int removeByPrefix(String prefix) {
		return this.maintenance.removeByPrefix(this.namespace.keysStartingWith(prefix), this::remove);
	}

	@Override
	public void put(String key, byte[] value, Duration ttl) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		long now = this.clock.millis();
		StagedEntry staged = this.writer.stage(id, keyBytes, value, Expiry.at(now, ttl), now);
		this.lock.withLock(() -> {
			this.writer.commit(staged, now);
			return null;
		});
		this.writer.forceFanOut(id);
	}

	@Override
	public byte @Nullable [] putIfAbsent(String key, byte[] value, Duration ttl) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		long now = this.clock.millis();
		StagedEntry staged = this.writer.stage(id, keyBytes, value, Expiry.at(now, ttl), now);
		byte[] present = this.lock.withLock(() -> {
			if (this.reader.read(id, keyBytes) instanceof Found found && found.entry().header().isLive(now)) {
				this.writer.discard(staged);
				this.entries.recordUse(id, found.entry().header());
				return found.entry().value();
			}
			this.writer.commit(staged, now);
			return null;
		});
		if (present == null) {
			this.writer.forceFanOut(id);
		}
		return present;
	}

	@Override
	public boolean remove(String key) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		boolean removed = this.lock.withLock(() -> {
			Read read = this.reader.read(id, keyBytes);
			if (read == null || read instanceof OtherKey) {
				return false;
			}
			this.lock.deleteEntry(id);
			if (read instanceof Found found && !found.entry().header().isLive(this.clock.millis())) {
				this.events.recordExpirations(1);
				this.removals.report(RemovalCause.EXPIRED, key);
				return false;
			}
			if (read instanceof Found) {
				this.events.recordRemovals(RemovalCause.EXPLICIT, 1);
				this.removals.report(RemovalCause.EXPLICIT, key);
				return true;
			}
			return false;
		});
		if (removed) {
			this.writer.forceFanOut(id);
		}
		return removed;
	}

	@Override
	public long increment(String key, long delta, Duration ttlIfCreated) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		long incremented = this.lock.withLock(() -> {
			long now = this.clock.millis();
			long next = delta;
			long expiresAt = Expiry.at(now, ttlIfCreated);
			if (this.reader.read(id, keyBytes) instanceof Found found && found.entry().header().isLive(now)) {
				next = Math.addExact(counter(key, found.entry().value()), delta);
				expiresAt = found.entry().header().expiresAt();
			}
			byte[] text = Long.toString(next).getBytes(StandardCharsets.US_ASCII);
			this.writer.commit(this.writer.stage(id, keyBytes, text, expiresAt, now), now);
			return next;
		});
		this.writer.forceFanOut(id);
		return incremented;
	}

	private static long counter(String key, byte[] value) {
		String text = new String(value, StandardCharsets.ISO_8859_1);
		if (!COUNTER.matcher(text).matches()) {
			throw new IllegalStateException("Cannot increment key " + key + ": it holds a value that is not a counter");
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("Cannot increment key " + key + ": its counter is out of range", ex);
		}
	}

	@Override
	public void clear() {
		Set<Path> emptied = this.lock.withLock(() -> {
			FileRemovals.Clearing clearing = this.removals.beforeClear();
			Set<Path> deleted = this.lock.deleteAll();
			this.removals.cleared(clearing);
			return deleted;
		});
		for (Path fanOut : emptied) {
			this.writer.forceDirectory(fanOut);
		}
	}

	@Override
	public OptionalLong size() {
		return OptionalLong.of(this.lock.withLock(() -> {
			this.reclaimer.reclaimExpired(this.clock.millis());
			return this.lock.count();
		}));
	}

	@Override
	public long maxEntries() {
		return this.reclaimer.maxEntries();
	}

	/**
	 * Changes this process's bound under the directory's lock; a lower one evicts by the
	 * policy at once, down to the new bound exactly (scanning the directory if this process
	 * knows of too few entries). Other processes sharing the directory keep their own
	 * bound. A lock timeout fails with an {@code UncheckedIOException} and changes nothing.
	 */
	@Override
	public void resize(long maxEntries) {
		if (maxEntries < 0) {
			throw new IllegalArgumentException("max-entries must not be negative: " + maxEntries);
		}
		this.lock.withLock(() -> {
			this.reclaimer.resize(maxEntries, this.clock.millis());
			return null;
		});
	}

	/**
	 * Reclaims expired entries this process knows of, writes the uses it recorded into
	 * their files, and rescans the directory when another process wrote since the last
	 * scan (at most every five seconds) or a minute has passed.
	 */
	@Override
	public int removeExpired() {
		return this.reclaimer.sweep();
	}

	/**
	 * Ends the near tier's subscriptions, stops the index build or rescan in progress
	 * (waiting for it at most the lock timeout), writes the uses not yet written, and
	 * releases the directory's lock files.
	 */
	@Override
	public void close() {
		this.invalidations.close();
		this.build.stop(this.lockTimeout);
		this.lock.close("record its last uses", () -> {
			this.reclaimer.writeUses();
			return null;
		});
		this.leases.close();
	}

	@Override
	public String toString() {
		return "file-system(" + directory() + ((this.sync != DiskSync.OFF) ? ", fsync)" : ")");
	}

}
