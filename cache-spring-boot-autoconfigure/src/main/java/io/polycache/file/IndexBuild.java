package io.polycache.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.polycache.file.EntryFile.Header;
import io.polycache.core.RemovalCause;
import io.polycache.spi.StoreEvents;

/**
 * Builds a store's {@link EntryIndex} from its directory and keeps it current: the build
 * on a background thread when the store opens, the rescans a sweep asks for (a minute
 * after the last one, or five seconds after another store wrote), and the scan a full
 * directory needs before it can evict. A scan reads every entry file's header into the
 * index, reclaims expired and corrupt files and crashed writers' temporary files, then
 * recounts the entries under the lock.
 * <p>{@link #stop} (the store closing) ends a scan in progress at its next file or step,
 * waits for it to end (at most the lock timeout), and makes later scans do nothing:
 * nothing is deleted or counted after the store has closed, and a build stopped that way
 * is no failure.
 * <p>Thread-safe: the build and the rescans are serialized by a scan lock of their own,
 * taken outside the {@link StoreLock}, and each change to the directory they make is done
 * under the {@link StoreLock}; {@link #scanLocked()} runs wholly under the
 * {@link StoreLock} instead. The index is guarded by its own monitor.
 */
final class IndexBuild {

	/** After another process wrote, the directory is rescanned at most this often. */
	static final Duration RESCAN_AFTER_OTHERS_WROTE = Duration.ofSeconds(5);

	/** The directory is rescanned at least this often, to count and clean up after crashes. */
	static final Duration RESCAN_INTERVAL = Duration.ofMinutes(1);

	/** Logs under the store's name, as before the store was split. */
	private static final Log logger = LogFactory.getLog(FileStore.class);

	private final String name;

	private final FileLayout layout;

	private final Clock clock;

	private final StoreEvents events;

	private final FileRemovals removals;

	private final StoreLock lock;

	private final EntryIndex entries;

	private final ReentrantLock scanLock = new ReentrantLock();

	private final CountDownLatch indexed = new CountDownLatch(1);

	private volatile long lastScanNanos = System.nanoTime();

	private volatile boolean stopped;

	IndexBuild(String name, FileLayout layout, Clock clock, StoreEvents events, StoreLock lock, EntryIndex entries) {
		this.name = name;
		this.layout = layout;
		this.clock = clock;
		this.events = events;
		this.removals = new FileRemovals(layout, events);
		this.lock = lock;
		this.entries = entries;
	}

	/** Starts the build on the executor, then waits for it at most {@code wait}. */
	void start(Executor builder, Duration wait) {
		builder.execute(this::build);
		try {
			this.indexed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Whether the build started by {@link #start} has ended. */
	boolean isIndexed() {
		return this.indexed.getCount() == 0;
	}

	private void build() {
		try {
			rescan();
		}
		catch (RuntimeException ex) {
			if (this.stopped) {
				logger.debug("Cache '" + this.name + "' stopped indexing " + this.layout.directory() + " on close", ex);
			}
			else {
				logger.warn("Cache '" + this.name + "' could not index " + this.layout.directory()
						+ "; entries stay readable, and the next sweep retries", ex);
			}
		}
		finally {
			this.indexed.countDown();
		}
	}

	/**
	 * Rescans the directory if a minute has passed since the last scan, or five seconds
	 * and another store wrote meanwhile.
	 * @return how many expired entries were reclaimed
	 */
	int rescanIfDue() {
		long sinceScan = System.nanoTime() - this.lastScanNanos;
		if (sinceScan >= RESCAN_INTERVAL.toNanos()
				|| (this.lock.othersWrote() && sinceScan >= RESCAN_AFTER_OTHERS_WROTE.toNanos())) {
			return rescan();
		}
		return 0;
	}

	/**
	 * Scans the whole directory: learns the entries other processes wrote and the uses
	 * they recorded, reclaims expired and corrupt files and crashed writers' temporary
	 * files, then recounts the entries under the lock. Does nothing once stopped.
	 * @return how many expired entries were reclaimed
	 */
	int rescan() {
		this.scanLock.lock();
		try {
			if (this.stopped) {
				return 0;
			}
			this.lock.forgetOthersWrote();
			this.lastScanNanos = System.nanoTime();
			int expired = scanHeaders(false);
			if (this.stopped) {
				return expired;
			}
			DirectoryScan.deleteStaleTempFiles(this.layout.directory());
			this.lock.withLock(() -> {
				this.lock.recount();
				return null;
			});
			return expired;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cache '" + this.name + "' could not scan " + this.layout.directory(), ex);
		}
		finally {
			this.scanLock.unlock();
		}
	}

	/** Under the lock: reads every entry file's header into the index, then recounts. */
	void scanLocked() throws IOException {
		scanHeaders(true);
		this.lock.recount();
	}

	/** Reads every entry file's header into the index; {@code locked}: the lock is held. */
	private int scanHeaders(boolean locked) throws IOException {
		long now = this.clock.millis();
		int expired = 0;
		for (Path file : DirectoryScan.entryFiles(this.layout.directory())) {
			if (this.stopped) {
				break;
			}
			String id = FileLayout.idOf(file);
			Header header = EntryFile.checkedHeader(file, id);
			if (header == null || !header.isLive(now)) {
				expired += locked ? deleteIfStillDead(id, now) : this.lock.withLock(() -> deleteIfStillDead(id, now));
				continue;
			}
			this.entries.observe(header.policy());
			this.entries.merge(id, header.policy(), header.expiresAt());
		}
		return expired;
	}

	/** Under the lock: deletes an entry file found expired or corrupt, if it still is. */
	private int deleteIfStillDead(String id, long now) throws IOException {
		Path file = this.layout.entryFile(id);
		if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
			return 0;
		}
		Header header = EntryFile.checkedHeader(file, id);
		if (header != null && header.isLive(now)) {
			return 0;
		}
		String key = (header != null) ? this.removals.keyOf(id) : null;
		this.lock.deleteEntry(id);
		if (header != null) {
			this.events.recordExpirations(1);
			this.removals.report(RemovalCause.EXPIRED, key);
			return 1;
		}
		return 0;
	}

	/**
	 * Stops every scan: ends one in progress at its next file or step and waits for it
	 * (at most until {@code timeout} has passed), and makes later ones do nothing.
	 */
	void stop(Duration timeout) {
		this.stopped = true;
		long deadline = DirectoryLock.deadline(timeout);
		try {
			if (this.scanLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				this.scanLock.unlock();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
