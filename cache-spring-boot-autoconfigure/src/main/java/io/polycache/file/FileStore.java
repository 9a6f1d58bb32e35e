package io.polycache.file;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheSettings;
import io.polycache.spi.ByteStore;
import io.polycache.core.Expiry;
import io.polycache.core.RateLimitedLog;
import io.polycache.core.StatsCounter;
import io.polycache.file.EntryFile.Corrupt;
import io.polycache.file.EntryFile.Found;
import io.polycache.file.EntryFile.Header;
import io.polycache.file.EntryFile.OtherKey;
import io.polycache.file.EntryFile.Policy;
import io.polycache.file.EntryFile.Read;
import io.polycache.file.PolicyIndex.Node;

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
 * <p>Thread-safe.
 */
final class FileStore implements ByteStore {

	/** Opens of an entry file that race with writers moving new files into place, before giving up. */
	private static final int MAX_READ_ATTEMPTS = 3;

	private static final Log logger = LogFactory.getLog(FileStore.class);

	/** After another process wrote, the directory is rescanned at most this often. */
	static final Duration RESCAN_AFTER_OTHERS_WROTE = Duration.ofSeconds(5);

	/** The directory is rescanned at least this often, to count and clean up after crashes. */
	static final Duration RESCAN_INTERVAL = Duration.ofMinutes(1);

	private static final Pattern COUNTER = Pattern.compile("-?[0-9]{1,19}");

	private final String name;

	private final FileLayout layout;

	private final long maxEntries;

	private final Duration lockTimeout;

	private final Clock clock;

	private final StatsCounter stats;

	/** Guarded by its own monitor. */
	private final PolicyIndex index;

	/** Guarded by {@link #writeLock}. */
	private final ControlFile control;

	private final DiskSync sync;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final ReentrantLock scanLock = new ReentrantLock();

	private final AtomicLong lastStamp = new AtomicLong();

	private final CountDownLatch indexed = new CountDownLatch(1);

	private final RateLimitedLog cleanupFailures = new RateLimitedLog(logger, Duration.ofSeconds(10));

	/** Whether the entry files changed under the current lock; guarded by {@link #writeLock}. */
	private boolean changed;

	private volatile long lastScanNanos = System.nanoTime();

	private volatile boolean othersWrote;

	private volatile boolean closed;

	FileStore(Path root, CacheSettings settings, Clock clock, StatsCounter stats, RandomGenerator random,
			Executor indexBuilder, Duration indexWait) throws IOException {
		this(root, settings, ControlFile.DEFAULT_TIMEOUT, DiskSync.OFF, clock, stats, random, indexBuilder, indexWait);
	}

	/**
	 * Opens the store, creating its directory if missing.
	 * @param lockTimeout how long a write waits for the directory's lock before it fails
	 * @param sync whether writes wait for the disk
	 * @throws UnsafeDirectoryException if the root or the cache's directory is a link,
	 * another user's, or writable by group or others
	 * @throws IOException if the directory cannot be created or written
	 */
	FileStore(Path root, CacheSettings settings, Duration lockTimeout, DiskSync sync, Clock clock, StatsCounter stats,
			RandomGenerator random, Executor indexBuilder, Duration indexWait) throws IOException {
		this.name = settings.name();
		this.sync = sync;
		this.layout = new FileLayout(root, settings.name());
		this.maxEntries = settings.maxEntries();
		this.lockTimeout = lockTimeout;
		this.clock = clock;
		this.stats = stats;
		this.index = new PolicyIndex(settings.eviction(), random);
		DirectoryTrust.createTrusted(root, this.layout.directory());
		this.control = new ControlFile(this.layout.controlFile(), lockTimeout);
		try {
			sync.directory(root);
			// Fails now, naming the directory, if it cannot be written.
			Files.delete(Files.createTempFile(this.layout.directory(), FileLayout.PROBE_PREFIX,
					FileLayout.TEMP_SUFFIX, FileLayout.fileAttributes()));
			withLock(() -> null);
			indexBuilder.execute(this::buildIndex);
		}
		catch (IOException | RuntimeException | Error ex) {
			// Gives back this store's share of the directory's lock, which would otherwise stay open.
			this.control.close();
			throw ex;
		}
		try {
			this.indexed.await(indexWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The cache's own directory. */
	Path directory() {
		return this.layout.directory();
	}

	/** How far a full directory may exceed its bound while no victim is known here. */
	long slack() {
		return Math.max(10, this.maxEntries / 100);
	}

	/** Whether the start-up scan has finished. */
	boolean isIndexed() {
		return this.indexed.getCount() == 0;
	}

	@Override
	public byte @Nullable [] get(String key) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		Read read = readQuietly(id, keyBytes);
		if (read instanceof Found found && found.entry().header().isLive(this.clock.millis())) {
			recordUse(id, found.entry().header());
			return found.entry().value();
		}
		return null;
	}

	@Override
	public boolean contains(String key) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		return readQuietly(FileLayout.id(keyBytes), keyBytes) instanceof Found found
				&& found.entry().header().isLive(this.clock.millis());
	}

	/**
	 * Reads the key's file. A corrupt one, or one holding a key that does not belong at
	 * this path (copied from another cache), is removed; a real hash collision is left.
	 */
	private @Nullable Read readQuietly(String id, byte[] keyBytes) {
		Read read = read(id, keyBytes);
		if (read instanceof Corrupt || read instanceof OtherKey) {
			removeForeign(id, keyBytes);
		}
		return read;
	}

	private @Nullable Read read(String id, byte[] keyBytes) {
		Path file = this.layout.entryFile(id);
		for (int attempt = 1;; attempt++) {
			// A link, FIFO or device where the entry should be is never opened: it reads as corrupt.
			try (FileChannel channel = DirectoryTrust.openRegular(file, StandardOpenOption.READ)) {
				return (channel != null) ? EntryFile.read(channel, keyBytes) : new Corrupt();
			}
			catch (NoSuchFileException ex) {
				// Also what a directory that is not there gives: a miss. A file that exists now was
				// moved into place by a writer since the lookup failed: read that one.
				if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
					return null;
				}
				if (attempt == MAX_READ_ATTEMPTS) {
					throw new UncheckedIOException("Cache '" + this.name + "' could not read " + file, ex);
				}
			}
			catch (EOFException ex) {
				return new Corrupt();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cache '" + this.name + "' could not read " + file, ex);
			}
		}
	}

	/** Whether the file at this id's path exists but is no well-formed entry belonging there. */
	private boolean isMisplaced(String id) {
		Path file = this.layout.entryFile(id);
		return Files.exists(file, LinkOption.NOFOLLOW_LINKS) && checkedHeader(file, id) == null;
	}

	/**
	 * The header of the file at an id's path, if it is a well-formed entry file holding a
	 * key with that id; {@code null} otherwise, as for a file copied from another cache.
	 */
	private static @Nullable Header checkedHeader(Path file, String id) {
		try (FileChannel channel = DirectoryTrust.openRegular(file, StandardOpenOption.READ)) {
			if (channel == null) {
				return null;
			}
			Header header = EntryFile.readHeader(channel);
			byte[] key = (header != null) ? EntryFile.readKey(channel, header) : null;
			return (key != null && FileLayout.id(key).equals(id)) ? header : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private void recordUse(String id, Header header) {
		boolean tracks = this.index.tracksReads();
		long stamp = tracks ? nextStamp() : 0;
		synchronized (this.index) {
			Node node = this.index.get(id);
			if (node == null) {
				node = this.index.put(id, header.policy(), header.expiresAt());
			}
			if (tracks) {
				this.index.use(node, stamp);
			}
		}
	}

	private void removeForeign(String id, byte[] keyBytes) {
		try {
			withLock(() -> {
				// Checked again under the lock: a writer may have replaced it meanwhile.
				Read read = read(id, keyBytes);
				if (read instanceof Corrupt || (read instanceof OtherKey && isMisplaced(id))) {
					deleteEntry(id);
				}
				return null;
			});
		}
		catch (RuntimeException ex) {
			this.cleanupFailures.warn("Cache '" + this.name + "' could not remove a corrupt file", ex);
		}
	}

	@Override
	public void put(String key, byte[] value, Duration ttl) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		long now = this.clock.millis();
		StagedEntry staged = stage(id, keyBytes, value, expiry(now, ttl), now);
		withLock(() -> {
			commit(staged, now);
			return null;
		});
		forceFanOut(id);
	}

	@Override
	public byte @Nullable [] putIfAbsent(String key, byte[] value, Duration ttl) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		long now = this.clock.millis();
		StagedEntry staged = stage(id, keyBytes, value, expiry(now, ttl), now);
		byte[] present = withLock(() -> {
			if (read(id, keyBytes) instanceof Found found && found.entry().header().isLive(now)) {
				discard(staged);
				recordUse(id, found.entry().header());
				return found.entry().value();
			}
			commit(staged, now);
			return null;
		});
		if (present == null) {
			forceFanOut(id);
		}
		return present;
	}

	@Override
	public boolean remove(String key) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		boolean removed = withLock(() -> {
			Read read = read(id, keyBytes);
			if (read == null || read instanceof OtherKey) {
				return false;
			}
			deleteEntry(id);
			if (read instanceof Found found && !found.entry().header().isLive(this.clock.millis())) {
				this.stats.recordExpirations(1);
				return false;
			}
			return read instanceof Found;
		});
		if (removed) {
			forceFanOut(id);
		}
		return removed;
	}

	@Override
	public long increment(String key, long delta, Duration ttlIfCreated) {
		byte[] keyBytes = FileLayout.keyBytes(key);
		String id = FileLayout.id(keyBytes);
		long incremented = withLock(() -> {
			long now = this.clock.millis();
			long next = delta;
			long expiresAt = expiry(now, ttlIfCreated);
			if (read(id, keyBytes) instanceof Found found && found.entry().header().isLive(now)) {
				next = Math.addExact(counter(key, found.entry().value()), delta);
				expiresAt = found.entry().header().expiresAt();
			}
			byte[] text = Long.toString(next).getBytes(StandardCharsets.US_ASCII);
			commit(stage(id, keyBytes, text, expiresAt, now), now);
			return next;
		});
		forceFanOut(id);
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
		Set<Path> emptied = new HashSet<>();
		withLock(() -> {
			for (Path file : DirectoryScan.entryFiles(this.layout.directory())) {
				Files.deleteIfExists(file);
				emptied.add(file.getParent());
			}
			this.control.setCount(0);
			this.changed = true;
			synchronized (this.index) {
				this.index.clear();
			}
			return null;
		});
		for (Path fanOut : emptied) {
			forceDirectory(fanOut);
		}
	}

	@Override
	public OptionalLong size() {
		return OptionalLong.of(withLock(() -> {
			reclaimExpired(this.clock.millis());
			return this.control.count();
		}));
	}

	/**
	 * Reclaims expired entries this process knows of, writes the uses it recorded into
	 * their files, and rescans the directory when another process wrote since the last
	 * scan (at most every five seconds) or a minute has passed.
	 */
	@Override
	public int removeExpired() {
		int reclaimed = withLock(() -> {
			int expired = reclaimExpired(this.clock.millis());
			writeUses();
			return expired;
		});
		long sinceScan = System.nanoTime() - this.lastScanNanos;
		if (sinceScan >= RESCAN_INTERVAL.toNanos()
				|| (this.othersWrote && sinceScan >= RESCAN_AFTER_OTHERS_WROTE.toNanos())) {
			reclaimed += rescan();
		}
		return reclaimed;
	}

	/**
	 * Writes the entry to a fresh temporary file, with the policy metadata it will most
	 * likely have; {@link #commit} corrects that under the lock if it turns out otherwise.
	 */
	private StagedEntry stage(String id, byte[] keyBytes, byte[] value, long expiresAt, long now) {
		try {
			return StagedEntry.write(this.layout, id, keyBytes, value, expiresAt, expectedPolicy(id, now, nextStamp()),
					this.sync);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cache '" + this.name + "' could not write a temporary file in "
					+ this.layout.fanOut(id), ex);
		}
	}

	/**
	 * With fsync on, waits until the move or delete of the id's entry file is on the disk.
	 * Outside the lock: the directory is forced as it is then, which includes this change.
	 */
	private void forceFanOut(String id) {
		forceDirectory(this.layout.fanOut(id));
	}

	private void forceDirectory(Path directory) {
		try {
			this.sync.directory(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cache '" + this.name + "' could not force " + directory + " to the disk", ex);
		}
	}

	private void discard(StagedEntry staged) {
		try {
			staged.discard();
		}
		catch (IOException ex) {
			this.cleanupFailures.warn("Cache '" + this.name + "' could not delete " + staged.temp, ex);
		}
	}

	/** Moves a staged entry into place, under the lock, making room first if it is new. */
	private void commit(StagedEntry staged, long now) throws IOException {
		try {
			Path target = this.layout.entryFile(staged.id);
			boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
			Policy policy = exists ? overwritePolicy(staged, target, now) : new Policy(staged.policy.used(),
					staged.policy.used(), 1);
			staged.correctPolicy(policy);
			staged.close();
			if (!exists) {
				makeRoom(staged.id, now);
			}
			Files.move(staged.temp, target, StandardCopyOption.ATOMIC_MOVE);
			if (!exists) {
				this.control.setCount(this.control.count() + 1);
			}
			this.changed = true;
			synchronized (this.index) {
				this.index.put(staged.id, policy, staged.expiresAt);
			}
		}
		catch (IOException | RuntimeException ex) {
			discard(staged);
			throw ex;
		}
	}

	/** The policy metadata a write gives an entry: an overwrite keeps its age and adds a use. */
	private Policy expectedPolicy(String id, long now, long stamp) {
		synchronized (this.index) {
			Node node = this.index.get(id);
			return (node != null && node.expiresAt > now) ? new Policy(node.inserted, stamp, node.uses + 1)
					: new Policy(stamp, stamp, 1);
		}
	}

	private Policy overwritePolicy(StagedEntry staged, Path target, long now) {
		long stamp = staged.policy.used();
		synchronized (this.index) {
			Node node = this.index.get(staged.id);
			if (node != null && node.expiresAt > now) {
				return new Policy(node.inserted, stamp, node.uses + 1);
			}
		}
		// Written by another process, or before a restart the scan has not reached yet.
		Header previous = readHeader(target);
		if (previous == null) {
			return new Policy(stamp, stamp, 1);
		}
		if (!previous.isLive(now)) {
			this.stats.recordExpirations(1);
			return new Policy(stamp, stamp, 1);
		}
		return new Policy(previous.policy().inserted(), stamp, previous.policy().uses() + 1);
	}

	private static @Nullable Header readHeader(Path file) {
		try (FileChannel channel = DirectoryTrust.openRegular(file, StandardOpenOption.READ)) {
			return (channel != null) ? EntryFile.readHeader(channel) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Under the lock: evicts until a new entry fits, reclaiming expired entries first. */
	private void makeRoom(String id, long now) throws IOException {
		if (this.maxEntries == 0 || this.control.count() < this.maxEntries) {
			return;
		}
		reclaimExpired(now);
		boolean rescanned = false;
		while (this.control.count() >= this.maxEntries) {
			Node victim;
			synchronized (this.index) {
				victim = this.index.victim(id);
				if (victim != null) {
					this.index.remove(victim.id);
				}
			}
			if (victim != null) {
				if (deleteEntry(victim.id)) {
					this.stats.recordEviction();
				}
			}
			else if (rescanned || this.control.count() < this.maxEntries + slack()) {
				return;
			}
			else {
				// Nothing known to evict here and the slack used up: learn the directory now.
				scanHeaders(true);
				scanLocked();
				rescanned = true;
			}
		}
	}

	/** Under the lock: deletes the index's expired entries whose files agree that they are. */
	private int reclaimExpired(long now) throws IOException {
		List<Node> expired;
		synchronized (this.index) {
			expired = this.index.expired(now);
		}
		int reclaimed = 0;
		for (Node node : expired) {
			Header header = readHeader(this.layout.entryFile(node.id));
			if (header == null || !header.isLive(now)) {
				synchronized (this.index) {
					this.index.remove(node.id);
				}
				if (deleteEntry(node.id) && header != null) {
					reclaimed++;
				}
			}
			else {
				synchronized (this.index) {
					this.index.merge(node.id, header.policy(), header.expiresAt());
				}
			}
		}
		this.stats.recordExpirations(reclaimed);
		return reclaimed;
	}

	/** Under the lock: deletes an entry file and counts it. */
	private boolean deleteEntry(String id) throws IOException {
		synchronized (this.index) {
			this.index.remove(id);
		}
		if (Files.deleteIfExists(this.layout.entryFile(id))) {
			this.control.setCount(this.control.count() - 1);
			this.changed = true;
			return true;
		}
		return false;
	}

	/** Under the lock: writes the uses recorded since the last time into the entry files. */
	private void writeUses() {
		List<Node> dirty;
		synchronized (this.index) {
			dirty = this.index.dirty();
			dirty.forEach(node -> node.dirty = false);
		}
		for (Node node : dirty) {
			Policy policy;
			synchronized (this.index) {
				policy = node.policy();
			}
			// Never through a link, nor into a FIFO, which would block until read.
			try (FileChannel channel = DirectoryTrust.openRegular(this.layout.entryFile(node.id),
					StandardOpenOption.WRITE)) {
				if (channel != null && channel.size() >= EntryFile.HEADER_LENGTH) {
					channel.write(policy.toBuffer(), EntryFile.POLICY_OFFSET);
				}
			}
			catch (IOException ex) {
				// Gone or unwritable: the use only sharpens victim choice, and the index keeps it.
			}
		}
	}

	/**
	 * Scans the whole directory: learns the entries other processes wrote and the uses
	 * they recorded, reclaims expired and corrupt files and crashed writers' temporary
	 * files, then recounts the entries under the lock.
	 * @return how many expired entries were reclaimed
	 */
	int rescan() {
		this.scanLock.lock();
		try {
			this.othersWrote = false;
			this.lastScanNanos = System.nanoTime();
			int expired = scanHeaders(false);
			DirectoryScan.deleteStaleTempFiles(this.layout.directory());
			withLock(() -> {
				scanLocked();
				return null;
			});
			return expired;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cache '" + this.name + "' could not scan " + directory(), ex);
		}
		finally {
			this.scanLock.unlock();
		}
	}

	/** Reads every entry file's header into the index; {@code locked}: the lock is held. */
	private int scanHeaders(boolean locked) throws IOException {
		long now = this.clock.millis();
		int expired = 0;
		for (Path file : DirectoryScan.entryFiles(this.layout.directory())) {
			if (this.closed) {
				break;
			}
			String id = FileLayout.idOf(file);
			Header header = checkedHeader(file, id);
			if (header == null || !header.isLive(now)) {
				expired += locked ? deleteIfStillDead(id, now) : withLock(() -> deleteIfStillDead(id, now));
				continue;
			}
			this.lastStamp.accumulateAndGet(Math.max(header.policy().inserted(), header.policy().used()), Math::max);
			synchronized (this.index) {
				this.index.merge(id, header.policy(), header.expiresAt());
			}
		}
		return expired;
	}

	/** Under the lock: deletes an entry file found expired or corrupt, if it still is. */
	private int deleteIfStillDead(String id, long now) throws IOException {
		Path file = this.layout.entryFile(id);
		if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
			return 0;
		}
		Header header = checkedHeader(file, id);
		if (header != null && header.isLive(now)) {
			return 0;
		}
		deleteEntry(id);
		if (header != null) {
			this.stats.recordExpirations(1);
			return 1;
		}
		return 0;
	}

	/** Under the lock: counts the entry files exactly and forgets those that are gone. */
	private void scanLocked() throws IOException {
		Set<String> present = new HashSet<>();
		for (Path file : DirectoryScan.entryFiles(this.layout.directory())) {
			present.add(FileLayout.idOf(file));
		}
		if (this.control.count() != present.size()) {
			this.control.setCount(present.size());
			this.changed = true;
		}
		synchronized (this.index) {
			for (String id : this.index.ids()) {
				if (!present.contains(id)) {
					this.index.remove(id);
				}
			}
		}
	}

	private void buildIndex() {
		try {
			rescan();
		}
		catch (RuntimeException ex) {
			logger.warn("Cache '" + this.name + "' could not index " + directory()
					+ "; entries stay readable, and the next sweep retries", ex);
		}
		finally {
			this.indexed.countDown();
		}
	}

	@FunctionalInterface
	private interface LockedAction<T> {

		T run() throws IOException;

	}

	/**
	 * Runs the action holding this store's write lock and the directory's lock, both
	 * taken within the lock timeout; a timeout fails the call.
	 */
	private <T> T withLock(LockedAction<T> action) {
		long deadline = DirectoryLock.deadline(this.lockTimeout);
		try {
			if (!this.writeLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				throw new UncheckedIOException(new IOException("Cache '" + this.name + "' timed out after "
						+ this.lockTimeout + " waiting for its write lock on " + directory()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UncheckedIOException(new InterruptedIOException("Cache '" + this.name
					+ "' was interrupted waiting for its write lock"));
		}
		try {
			boolean fresh = this.control.lock(deadline);
			this.changed = false;
			try {
				if (fresh) {
					// A new control file: the directory is new or was deleted, so count it anew.
					synchronized (this.index) {
						this.index.clear();
					}
					scanLocked();
					this.changed = true;
				}
				else if (this.control.lastWriterIsOther()) {
					this.othersWrote = true;
				}
				return action.run();
			}
			finally {
				this.control.unlock(this.changed);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cache '" + this.name + "' could not write to " + directory(), ex);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/** A stamp later than every earlier one here, and near the clock's time in ms * 1024. */
	private long nextStamp() {
		long floor = this.clock.millis() << 10;
		return this.lastStamp.accumulateAndGet(floor, (last, clockFloor) -> Math.max(last + 1, clockFloor));
	}

	private static long expiry(long now, Duration ttl) {
		return Expiry.at(now, ttl);
	}

	/** Writes the uses not yet written, and releases the directory's lock file. */
	@Override
	public void close() {
		this.closed = true;
		this.writeLock.lock();
		try {
			withLock(() -> {
				writeUses();
				return null;
			});
		}
		catch (RuntimeException ex) {
			logger.debug("Cache '" + this.name + "' could not record its last uses on close", ex);
		}
		finally {
			this.control.close();
			this.writeLock.unlock();
		}
	}

	@Override
	public String toString() {
		return "file-system(" + directory() + ((this.sync != DiskSync.OFF) ? ", fsync)" : ")");
	}

}
