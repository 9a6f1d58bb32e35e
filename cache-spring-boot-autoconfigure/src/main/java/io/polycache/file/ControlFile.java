package io.polycache.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file every process sharing a cache directory locks before it creates, replaces or
 * deletes an entry file, and which holds the number of entry files. Because every such
 * change happens under the lock and adjusts the count, the count is exact for every
 * process, and the size bound holds across them.
 * <pre>
 * offset size field
 *      0    4 magic "PCCT"
 *      4    4 version (1)
 *      8    8 entry files in the directory
 *     16    8 generation: bumped by every change, so a process can tell that another wrote;
 *              odd while a change is under way
 *     24    8 id of the store that made the last change (random, per store)
 * </pre>
 * <p>A new (or damaged) file starts its generation at a random even value rather than at
 * 0, so a directory deleted and created again does not repeat the generations a
 * {@link GenerationWatch} has seen. The generation is also read without the lock, by
 * {@link #readGeneration}, for the near tier; so that a reader can tell a change under way,
 * the first change to an entry file under a lock first makes it odd ({@link #changing()}),
 * and {@link #unlock} makes it even again. An odd generation found on taking the lock was
 * left by a holder that died in the middle of a change: it is made even, and written, by
 * whoever takes the lock next, and the change is announced then.
 * <p>The lock itself is this JVM's {@link DirectoryLock} for the file, shared with every
 * other store here on the same directory, and taken with a deadline.
 * <p>Not thread-safe: the store serializes its callers with its own lock; the count and
 * generation are valid while the lock is held. {@link #readGeneration} is static, and safe
 * from any thread.
 */
final class ControlFile implements AutoCloseable {

	/** How long {@link #lock()} waits when no deadline is given. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private static final int MAGIC = 0x50434354;

	private static final int LENGTH = 32;

	/** The bytes {@link #readGeneration} reads: the magic up to the generation. */
	private static final int GENERATION_END = 24;

	/** Generations a new file starts from, far from the ends so they never wrap. */
	private static final long FIRST_GENERATION_BOUND = 1L << 62;

	/** Tells this store's changes from those of every other store, in this JVM or another. */
	private final long writerId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

	private final DirectoryLock lock;

	private final Duration timeout;

	private final OwnChanges changes;

	private final ByteBuffer buffer = ByteBuffer.allocate(LENGTH);

	private boolean held;

	/** Whether this hold made the generation odd, or found it odd. */
	private boolean announced;

	/** Whether the generation was odd when this hold began: a holder died mid-change. */
	private boolean abandoned;

	private boolean closed;

	private long count;

	private long generation;

	private long writer;

	ControlFile(Path path) {
		this(path, DEFAULT_TIMEOUT);
	}

	ControlFile(Path path, Duration timeout) {
		this(path, timeout, OwnChanges.NONE);
	}

	/**
	 * Opens (shares) the file's lock.
	 * @param changes hears every generation this store writes, under the lock
	 */
	ControlFile(Path path, Duration timeout, OwnChanges changes) {
		this.lock = DirectoryLock.acquire(path);
		this.timeout = timeout;
		this.changes = changes;
	}

	/**
	 * Takes the lock within this file's timeout, opening (or re-creating) the file first
	 * if it is missing or is no longer the one at its path, as after the directory was
	 * deleted.
	 * @return whether the file was created by this call, so its count must be taken anew
	 * @throws IOException if the lock is not free in time, or the file cannot be read
	 */
	boolean lock() throws IOException {
		return lock(DirectoryLock.deadline(this.timeout));
	}

	/**
	 * Takes the lock by a deadline.
	 * @param deadline the {@link System#nanoTime()} by which to give up
	 * @return whether the file was created by this call, so its count must be taken anew
	 */
	boolean lock(long deadline) throws IOException {
		if (this.closed) {
			throw new IOException("The store is closed");
		}
		boolean fresh = this.lock.lock(deadline);
		try {
			FileChannel open = this.lock.channel();
			this.buffer.clear();
			int read = open.read(this.buffer, 0);
			if (read < LENGTH || this.buffer.getInt(0) != MAGIC) {
				// Just created, or its creator died before writing it, or damaged: recount.
				this.count = 0;
				this.generation = ThreadLocalRandom.current().nextLong(1, FIRST_GENERATION_BOUND) & ~1L;
				this.writer = 0;
				fresh = true;
			}
			else {
				this.count = this.buffer.getLong(8);
				this.generation = this.buffer.getLong(16);
				this.writer = this.buffer.getLong(24);
			}
		}
		catch (IOException | RuntimeException ex) {
			this.lock.unlock();
			throw ex;
		}
		this.held = true;
		this.abandoned = isOdd(this.generation);
		this.announced = this.abandoned;
		return fresh;
	}

	/**
	 * Under the lock, before an entry file is moved into place or deleted: makes the
	 * generation odd, once per hold, so that a reader of the generation knows a change is
	 * under way even if this process dies before {@link #unlock}.
	 */
	void changing() throws IOException {
		if (!this.held || this.announced) {
			return;
		}
		this.announced = true;
		long previous = this.generation++;
		write();
		this.changes.bumped(previous, this.generation);
	}

	/**
	 * Writes the count back if anything changed, with the next even generation, marking this
	 * store as the last writer, and unlocks. The generation this store moved from odd to
	 * even after another holder died mid-change is not its own change: it is not reported
	 * as one, so every near tier, this store's included, drops its copies.
	 */
	void unlock(boolean changed) throws IOException {
		if (!this.held) {
			return;
		}
		this.held = false;
		try {
			if (changed || this.announced) {
				long previous = this.generation;
				this.generation += isOdd(previous) ? 1 : 2;
				write();
				if (!this.abandoned) {
					this.changes.bumped(previous, this.generation);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Writes the whole file, marking this store as the last writer. */
	private void write() throws IOException {
		this.writer = this.writerId;
		this.buffer.clear();
		this.buffer.putInt(MAGIC).putInt(1).putLong(this.count).putLong(this.generation).putLong(this.writer);
		this.buffer.flip();
		this.lock.channel().write(this.buffer, 0);
	}

	static boolean isOdd(long generation) {
		return (generation & 1) != 0;
	}

	long count() {
		return this.count;
	}

	void setCount(long count) {
		this.count = Math.max(0, count);
	}


	/** Whether the last change was made by another store, in this process or another. */
	boolean lastWriterIsOther() {
		return this.writer != 0 && this.writer != this.writerId;
	}

	/**
	 * Reads the generation of the control file at the path, without its lock. Safe without
	 * it: the file is only ever written by one positional write of its 32 bytes, under the
	 * lock, and never truncated, so a read sees the generation before or after a change.
	 * Were the eight bytes ever torn by a write in progress, the value read would be one no
	 * store has accounted for, which is a needless invalidation, or the old one, which the
	 * next read corrects; either way nothing is missed. A file still being created (shorter,
	 * or without the magic) fails like a missing one: its directory was just created anew.
	 * Opens the file only as a regular file, never through a link, and closes it again.
	 * @throws IOException if the file is missing, not a regular file, unreadable, or not
	 * (yet) a control file
	 */
	static long readGeneration(Path path) throws IOException {
		ByteBuffer bytes = ByteBuffer.allocate(GENERATION_END);
		try (FileChannel channel = DirectoryTrust.openRegular(path, StandardOpenOption.READ)) {
			if (channel == null) {
				throw new IOException(path + " is not a regular file");
			}
			int read;
			do {
				read = channel.read(bytes, bytes.position());
			}
			while (read > 0 && bytes.hasRemaining());
		}
		if (bytes.position() < GENERATION_END || bytes.getInt(0) != MAGIC) {
			throw new IOException(path + " is not a control file (yet)");
		}
		return bytes.getLong(16);
	}

	/**
	 * Hears each generation this store writes, under the directory's lock, right after the
	 * write: how a {@link GenerationWatch} tells this store's changes from other stores'.
	 */
	@FunctionalInterface
	interface OwnChanges {

		OwnChanges NONE = (previous, next) -> {
		};

		/** This store moved the generation from {@code previous} to {@code next}. */
		void bumped(long previous, long next);

	}

	/** Gives this store's share of the lock back; the last store here closes the file. */
	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.lock.release();
		}
	}

}
