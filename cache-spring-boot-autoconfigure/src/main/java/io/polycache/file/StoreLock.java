package io.polycache.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs one store's changes to its directory under both of its locks, and keeps the
 * directory's entry count while they are held. Every change to an entry file (a move into
 * place, a delete) and to the count happens inside {@link #withLock}, which holds this
 * store's write lock, then the directory's {@link ControlFile} lock (this JVM's
 * {@link DirectoryLock} plus the operating system's file lock), each taken within the
 * lock timeout; a timeout fails the call with an {@link UncheckedIOException}.
 * <p>When the control file turns out to be new (the directory is new, or was deleted) the
 * index is cleared and the entry files counted anew before the action runs. When another
 * store wrote last, {@link #othersWrote()} turns true until a rescan
 * {@linkplain #forgetOthersWrote() forgets it}.
 * <p>Thread-safe. The write lock guards the control file's count and the changed flag;
 * the methods documented "under the lock" must be called inside an action run by
 * {@link #withLock}.
 */
final class StoreLock {

	/** Logs under the store's name, as before the store was split. */
	private static final Log logger = LogFactory.getLog(FileStore.class);

	private final String name;

	private final FileLayout layout;

	private final Duration lockTimeout;

	private final EntryIndex entries;

	/** Guarded by {@link #writeLock}. */
	private final ControlFile control;

	private final ReentrantLock writeLock = new ReentrantLock();

	/** Whether the entry files changed under the current lock; guarded by {@link #writeLock}. */
	private boolean changed;

	private volatile boolean othersWrote;

	/**
	 * Takes this store's share of the directory's lock; give it back with {@link #close}.
	 * @param changes hears each generation this store writes to the control file
	 */
	StoreLock(String name, FileLayout layout, Duration lockTimeout, EntryIndex entries, ControlFile.OwnChanges changes) {
		this.name = name;
		this.layout = layout;
		this.lockTimeout = lockTimeout;
		this.entries = entries;
		this.control = new ControlFile(layout.controlFile(), lockTimeout, changes);
	}

	/** An action on the directory, run under the lock. */
	@FunctionalInterface
	interface LockedAction<T> {

		T run() throws IOException;

	}

	/**
	 * Runs the action holding this store's write lock and the directory's lock, both
	 * taken within the lock timeout; a timeout fails the call.
	 */
	<T> T withLock(LockedAction<T> action) {
		long deadline = DirectoryLock.deadline(this.lockTimeout);
		try {
			if (!this.writeLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				throw new UncheckedIOException(new IOException("Cache '" + this.name + "' timed out after "
						+ this.lockTimeout + " waiting for its write lock on " + this.layout.directory()));
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
					this.entries.clear();
					recount();
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
			throw new UncheckedIOException("Cache '" + this.name + "' could not write to " + this.layout.directory(),
					ex);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/** Whether another store changed the directory since the last {@link #forgetOthersWrote()}. */
	boolean othersWrote() {
		return this.othersWrote;
	}

	void forgetOthersWrote() {
		this.othersWrote = false;
	}

	/** Under the lock: the number of entry files in the directory. */
	long count() {
		return this.control.count();
	}

	/**
	 * Under the lock, before an entry file is moved into place: marks a change under way in
	 * the control file ({@link ControlFile#changing()}).
	 */
	void changing() throws IOException {
		this.control.changing();
	}

	/** Under the lock: counts an entry file just moved into place where none was. */
	void added() {
		this.control.setCount(this.control.count() + 1);
		this.changed = true;
	}

	/** Under the lock: notes that entry files were replaced, the count unchanged. */
	void replaced() {
		this.changed = true;
	}

	/** Under the lock: deletes an entry file, forgets it, and counts it. */
	boolean deleteEntry(String id) throws IOException {
		this.entries.remove(id);
		this.control.changing();
		if (Files.deleteIfExists(this.layout.entryFile(id))) {
			this.control.setCount(this.control.count() - 1);
			this.changed = true;
			return true;
		}
		return false;
	}

	/**
	 * Under the lock: deletes every entry file and forgets every entry.
	 * @return the directories that held them, to be forced to the disk
	 */
	Set<Path> deleteAll() throws IOException {
		Set<Path> emptied = new HashSet<>();
		this.control.changing();
		for (Path file : DirectoryScan.entryFiles(this.layout.directory())) {
			Files.deleteIfExists(file);
			emptied.add(file.getParent());
		}
		this.control.setCount(0);
		this.changed = true;
		this.entries.clear();
		return emptied;
	}

	/** Under the lock: counts the entry files exactly and forgets those that are gone. */
	void recount() throws IOException {
		Set<String> present = new HashSet<>();
		for (Path file : DirectoryScan.entryFiles(this.layout.directory())) {
			present.add(FileLayout.idOf(file));
		}
		if (this.control.count() != present.size()) {
			this.control.setCount(present.size());
			this.changed = true;
		}
		this.entries.retainOnly(present);
	}

	/**
	 * Runs a last action under the lock, as {@link #withLock} does, then gives back this
	 * store's share of the directory's lock; later calls of {@link #withLock} fail. A
	 * failure of the last action is logged at debug level, since closing goes on.
	 * @param what what the last action does, for the log
	 */
	void close(String what, LockedAction<?> last) {
		this.writeLock.lock();
		try {
			withLock(last);
		}
		catch (RuntimeException ex) {
			logger.debug("Cache '" + this.name + "' could not " + what + " on close", ex);
		}
		finally {
			this.control.close();
			this.writeLock.unlock();
		}
	}

	/** Gives back this store's share of the directory's lock, when the store fails to open. */
	void release() {
		this.control.close();
	}

}
