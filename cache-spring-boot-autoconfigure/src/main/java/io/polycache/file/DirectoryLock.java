package io.polycache.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The exclusive lock on one control file, shared by every store of this JVM that uses
 * it. The operating system keeps one advisory lock per process and file: the JVM refuses
 * a second {@link FileChannel#lock} on a file it already locks, and closing any channel
 * of the file drops the process's lock. So this JVM opens each control file once, orders
 * its holders with a fair {@link ReentrantLock}, takes the file lock while one of them
 * holds that, and closes the file when the last store using it lets go.
 * <p>Both waits have a deadline: a holder in another process that is stopped (SIGSTOP, a
 * debugger, a paused container) or busy makes {@link #lock} fail with an
 * {@link IOException} once the deadline passes, rather than hang.
 * <p>Thread-safe. {@link #lock} and {@link #unlock} must be called by the same thread.
 */
final class DirectoryLock {

	/** The longest pause between two attempts at a file lock another process holds. */
	private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	/** Guarded by itself. */
	private static final Map<Path, DirectoryLock> LOCKS = new HashMap<>();

	private final Path path;

	private final Path key;

	/** Guarded by {@link #LOCKS}. */
	private int references;

	private final ReentrantLock holder = new ReentrantLock(true);

	/** Guarded by {@link #holder}. */
	private @Nullable FileChannel channel;

	/** Guarded by {@link #holder}. */
	private @Nullable Object fileKey;

	/** Guarded by {@link #holder}. */
	private @Nullable FileLock held;

	private DirectoryLock(Path path, Path key) {
		this.path = path;
		this.key = key;
	}

	/** This JVM's lock on the control file, to be given back with {@link #release}. */
	static DirectoryLock acquire(Path controlFile) {
		Path key = key(controlFile);
		synchronized (LOCKS) {
			DirectoryLock lock = LOCKS.computeIfAbsent(key, (path) -> new DirectoryLock(controlFile, path));
			lock.references++;
			return lock;
		}
	}

	/** The real path where the directory exists, so that two spellings of it share a lock. */
	private static Path key(Path controlFile) {
		Path absolute = controlFile.toAbsolutePath().normalize();
		try {
			return Objects.requireNonNull(absolute.getParent()).toRealPath().resolve(absolute.getFileName());
		}
		catch (IOException ex) {
			return absolute;
		}
	}

	/**
	 * Gives back one reference; the last one closes the file. Called when no thread of
	 * the releasing store holds the lock.
	 */
	void release() {
		synchronized (LOCKS) {
			if (--this.references > 0) {
				return;
			}
			LOCKS.remove(this.key);
			// Inside the registry's monitor, so that a store opening the directory anew cannot
			// lock the file through a new channel before this one is closed.
			this.holder.lock();
			try {
				closeChannel();
			}
			finally {
				this.holder.unlock();
			}
		}
	}

	/**
	 * Takes this JVM's lock, then the file lock, opening (or re-creating, in a checked
	 * directory) the file first if it is missing or is no longer the one at its path.
	 * @param deadline {@link System#nanoTime()} by which both must be held
	 * @return whether the file was created by this call
	 * @throws IOException if the deadline passes first, or the file cannot be opened
	 */
	boolean lock(long deadline) throws IOException {
		try {
			if (!this.holder.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				throw timedOut("another thread of this JVM");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for the lock on " + this.path);
		}
		try {
			boolean fresh = false;
			// A channel closed under us (its thread was interrupted during I/O) is reopened too,
			// or one interrupted caller would stop every later write.
			if (this.channel == null || !this.channel.isOpen() || !isCurrent()) {
				fresh = open();
			}
			this.held = fileLock(Objects.requireNonNull(this.channel), deadline);
			return fresh;
		}
		catch (IOException | RuntimeException | Error ex) {
			this.holder.unlock();
			throw ex;
		}
	}

	/** The open control file; only while the calling thread holds the lock. */
	FileChannel channel() {
		return Objects.requireNonNull(this.channel);
	}

	/** Releases the file lock, then this JVM's. */
	void unlock() throws IOException {
		FileLock lock = this.held;
		this.held = null;
		try {
			if (lock != null && lock.isValid()) {
				lock.release();
			}
		}
		finally {
			this.holder.unlock();
		}
	}

	private FileLock fileLock(FileChannel open, long deadline) throws IOException {
		long pause = TimeUnit.MILLISECONDS.toNanos(1);
		for (;;) {
			FileLock lock = open.tryLock();
			if (lock != null) {
				return lock;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw timedOut("another process");
			}
			try {
				TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InterruptedIOException("Interrupted while waiting for the lock on " + this.path);
			}
			pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
		}
	}

	private IOException timedOut(String holder) {
		return new IOException("Timed out waiting for the lock on " + this.path + ", held by " + holder
				+ " (see the file-system lock-timeout property)");
	}

	private boolean isCurrent() {
		try {
			Object current = Files.readAttributes(this.path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
				.fileKey();
			return current == null || current.equals(this.fileKey);
		}
		catch (NoSuchFileException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private boolean open() throws IOException {
		closeChannel();
		Path directory = Objects.requireNonNull(this.path.toAbsolutePath().getParent());
		DirectoryTrust.createTrusted(Objects.requireNonNull(directory.getParent()), directory);
		boolean created = false;
		FileChannel opened;
		try {
			opened = FileChannel.open(this.path, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
					StandardOpenOption.WRITE), FileLayout.fileAttributes());
			created = true;
		}
		catch (FileAlreadyExistsException ex) {
			// Checked first, as opening a FIFO would block.
			if (!DirectoryTrust.regularFile(this.path)) {
				throw new IOException(this.path + " is not a regular file: remove it");
			}
			opened = FileChannel.open(this.path, StandardOpenOption.READ, StandardOpenOption.WRITE,
					LinkOption.NOFOLLOW_LINKS);
		}
		this.channel = opened;
		this.fileKey = Files.readAttributes(this.path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
			.fileKey();
		return created;
	}

	private void closeChannel() {
		FileChannel open = this.channel;
		this.channel = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (IOException ex) {
				// Nothing was written through it since the last unlock; the new file takes over.
			}
		}
	}

	/** A deadline {@code timeout} from now. */
	static long deadline(Duration timeout) {
		// Durations beyond a year are as good as none, and would overflow in nanoseconds.
		long nanos = (timeout.compareTo(Duration.ofDays(365)) > 0) ? Duration.ofDays(365).toNanos() : timeout.toNanos();
		return System.nanoTime() + nanos;
	}

}
