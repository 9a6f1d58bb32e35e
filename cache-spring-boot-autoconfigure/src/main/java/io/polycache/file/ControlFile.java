package io.polycache.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

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
 *     16    8 generation: bumped by every change, so a process can tell that another wrote
 *     24    8 id of the process that made the last change
 * </pre>
 * Not thread-safe: the store serializes its callers with its own lock, as a JVM may hold
 * a file's lock only once.
 */
final class ControlFile implements AutoCloseable {

	private static final int MAGIC = 0x50434354;

	private static final int LENGTH = 32;

	private final Path path;

	private final long processId = ProcessHandle.current().pid();

	private @Nullable FileChannel channel;

	private @Nullable Object fileKey;

	private @Nullable FileLock held;

	private final ByteBuffer buffer = ByteBuffer.allocate(LENGTH);

	private long count;

	private long generation;

	private long writer;

	ControlFile(Path path) {
		this.path = path;
	}

	/**
	 * Takes the lock, opening (or re-creating) the file first if it is missing or is no
	 * longer the one at its path, as after the directory was deleted.
	 * @return whether the file was created by this call, so its count must be taken anew
	 */
	boolean lock() throws IOException {
		boolean fresh = false;
		// A channel closed under us (its thread was interrupted during I/O) is reopened too,
		// or one interrupted caller would stop every later write.
		if (this.channel == null || !this.channel.isOpen() || !isCurrent()) {
			fresh = open();
		}
		FileChannel open = Objects.requireNonNull(this.channel);
		FileLock lock = open.lock();
		try {
			this.buffer.clear();
			int read = open.read(this.buffer, 0);
			if (read < LENGTH || this.buffer.getInt(0) != MAGIC) {
				// Just created, or its creator died before writing it, or damaged: recount.
				this.count = 0;
				this.generation = 0;
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
			lock.release();
			throw ex;
		}
		this.held = lock;
		return fresh;
	}

	/** Writes the count back, marking this process as the last writer, and unlocks. */
	void unlock(boolean changed) throws IOException {
		FileLock lock = this.held;
		this.held = null;
		try {
			if (changed && this.channel != null) {
				this.generation++;
				this.writer = this.processId;
				this.buffer.clear();
				this.buffer.putInt(MAGIC).putInt(1).putLong(this.count).putLong(this.generation).putLong(this.writer);
				this.buffer.flip();
				this.channel.write(this.buffer, 0);
			}
		}
		finally {
			if (lock != null && lock.isValid()) {
				lock.release();
			}
		}
	}

	long count() {
		return this.count;
	}

	void setCount(long count) {
		this.count = Math.max(0, count);
	}


	/** Whether the last change was made by another process. */
	boolean lastWriterIsOther() {
		return this.writer != 0 && this.writer != this.processId;
	}

	private boolean isCurrent() {
		try {
			Object current = Files.readAttributes(this.path, BasicFileAttributes.class).fileKey();
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
		FileLayout.createDirectories(this.path.getParent());
		boolean created = false;
		FileChannel opened;
		try {
			opened = FileChannel.open(this.path, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
					StandardOpenOption.WRITE), FileLayout.fileAttributes());
			created = true;
		}
		catch (java.nio.file.FileAlreadyExistsException ex) {
			opened = FileChannel.open(this.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
		}
		this.channel = opened;
		this.fileKey = Files.readAttributes(this.path, BasicFileAttributes.class).fileKey();
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

	@Override
	public void close() {
		closeChannel();
	}

}
