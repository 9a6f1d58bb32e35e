package io.polycache.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.polycache.internal.Expiry;
import io.polycache.internal.LeaseBytes;
import io.polycache.spi.LeaseStore;

/**
 * Leases as lock files of the cache's directory, shared by every process that opens it:
 * {@code leases/<id>.lease}, {@code <id>} being the first 128 bits of the SHA-256 of the
 * lease key, in hex. The {@code leases} directory is no fan-out directory, so scans,
 * counts, eviction and {@code clear} of the entries never see its files.
 * <p>A lease file holds a marker, the lease's expiry in milliseconds of the store's clock,
 * the full SHA-256 of its key (a file of another key is no lease of this one) and the
 * value in UTF-8: at most {@value #MAX_FILE_BYTES} bytes. Anything else at that path (a
 * larger file, garbage, a link, a FIFO, an expired lease) reads as no lease, and may be
 * replaced.
 * <p>Reads take no lock: a lease file is only ever replaced whole, by an atomic move, so
 * a reader sees the old file or the new one, never half of one. Changes run under the
 * {@code leases} directory's own lock ({@link DirectoryLock} on
 * {@value #LOCK_FILE}: this JVM's lock, then the operating system's), taken within the
 * lock timeout, so they are atomic across threads and processes: read the lease, compare,
 * then write a {@value #PENDING} file and move it into place, or delete the lease file.
 * Entry writes take the other lock, the control file's, so leases and entries never wait
 * for each other. Nothing is forced to the disk: a lease that a power cut loses frees
 * itself early.
 * <p>A lease file whose holder died stays until its key is leased again (it reads as
 * free once expired, and is then replaced): at most one small file per key.
 * <p>Thread-safe. {@link #close()} gives back this store's share of the lock.
 */
final class FileLeases implements LeaseStore {

	/** The directory of the lease files, inside the cache's directory. */
	static final String DIRECTORY = "leases";

	static final String SUFFIX = ".lease";

	static final String LOCK_FILE = "polycache-leases.lock";

	/** The file a change writes before moving it into place; only the lock's holder writes it. */
	static final String PENDING = "pending.tmp";

	/** The largest lease file read: marker, expiry, key digest, length and the longest value. */
	static final int MAX_FILE_BYTES = 2048;

	/** {@code PCL1}. */
	private static final int MARKER = 0x50434C31;

	private static final int DIGEST_BYTES = 32;

	private static final int HEADER_BYTES = Integer.BYTES + Long.BYTES + DIGEST_BYTES + Short.BYTES;

	private static final HexFormat HEX = HexFormat.of();

	private final Path directory;

	private final Clock clock;

	private final Duration lockTimeout;

	private final DirectoryLock lock;

	/**
	 * @param cacheDirectory the cache's own directory
	 * @param clock the time source of the leases' expiry: every process sharing the
	 * directory must agree on it (the wall clock)
	 * @param lockTimeout how long a change waits for the lock before it fails
	 */
	FileLeases(Path cacheDirectory, Clock clock, Duration lockTimeout) {
		this.directory = cacheDirectory.resolve(DIRECTORY);
		this.clock = clock;
		this.lockTimeout = lockTimeout;
		this.lock = DirectoryLock.acquire(this.directory.resolve(LOCK_FILE));
	}

	@Override
	public @Nullable String get(String key) {
		byte[] digest = digest(key);
		try {
			return liveValue(leaseFile(digest), digest);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the lease of '" + key + "' in " + this.directory, ex);
		}
	}

	@Override
	public boolean compareAndSet(String key, @Nullable String expected, @Nullable String update, Duration ttl) {
		LeaseBytes.checkTtl(ttl);
		byte[] value = (update != null) ? LeaseBytes.encode(update) : null;
		if (expected == null && update == null) {
			return get(key) == null;
		}
		byte[] digest = digest(key);
		Path file = leaseFile(digest);
		try {
			this.lock.lock(DirectoryLock.deadline(this.lockTimeout));
			try {
				if (!Objects.equals(liveValue(file, digest), expected)) {
					return false;
				}
				if (value == null) {
					Files.deleteIfExists(file);
				}
				else {
					write(file, digest, value, Expiry.at(this.clock.millis(), ttl));
				}
				return true;
			}
			finally {
				this.lock.unlock();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot change the lease of '" + key + "' in " + this.directory, ex);
		}
	}

	/** Writes the lease to the pending file and moves it into place. Under the lock. */
	private void write(Path file, byte[] digest, byte[] value, long expiresAt) throws IOException {
		ByteBuffer content = ByteBuffer.allocate(HEADER_BYTES + value.length);
		content.putInt(MARKER).putLong(expiresAt).put(digest).putShort((short) value.length).put(value).flip();
		Path pending = this.directory.resolve(PENDING);
		// Whatever a crashed holder of the lock left there, or someone planted: never written through.
		Files.deleteIfExists(pending);
		try (FileChannel channel = FileChannel.open(pending, Set.of(StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE), FileLayout.fileAttributes())) {
			while (content.hasRemaining()) {
				channel.write(content);
			}
		}
		Files.move(pending, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	/** The value of the live lease in the file, or {@code null} if it holds none. */
	private @Nullable String liveValue(Path file, byte[] digest) throws IOException {
		ByteBuffer content = ByteBuffer.allocate(MAX_FILE_BYTES + 1);
		try (FileChannel channel = DirectoryTrust.openRegular(file, StandardOpenOption.READ)) {
			if (channel == null) {
				return null;
			}
			while (content.hasRemaining() && channel.read(content) >= 0) {
				// Reads until the end of the file, or one byte past the largest lease file.
			}
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		content.flip();
		if (content.remaining() > MAX_FILE_BYTES || content.remaining() < HEADER_BYTES
				|| content.getInt() != MARKER) {
			return null;
		}
		long expiresAt = content.getLong();
		byte[] found = new byte[DIGEST_BYTES];
		content.get(found);
		int length = Short.toUnsignedInt(content.getShort());
		if (!Arrays.equals(found, digest) || length != content.remaining() || this.clock.millis() >= expiresAt) {
			return null;
		}
		return LeaseBytes.decode(content.array(), content.position(), length);
	}

	/** The name of the file the lease of that key lives in. */
	static String fileName(String key) {
		return fileName(digest(key));
	}

	private static String fileName(byte[] digest) {
		return HEX.formatHex(digest, 0, 16) + SUFFIX;
	}

	private Path leaseFile(byte[] digest) {
		return this.directory.resolve(fileName(digest));
	}

	/** The SHA-256 of the key's bytes ({@link FileLayout#keyBytes}). */
	private static byte[] digest(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(FileLayout.keyBytes(key));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/** Gives back this store's share of the lock; no change may follow. */
	void close() {
		this.lock.release();
	}

	@Override
	public String toString() {
		return "leases in " + this.directory;
	}

}
