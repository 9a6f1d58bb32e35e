package io.polycache.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * The layout of one entry file, and reading and checking it.
 * <pre>
 * offset  size  field
 *      0     4  magic "PCFE"
 *      4     2  format version (1)
 *      6     2  reserved, 0
 *      8     8  expiry, clock milliseconds; Long.MAX_VALUE = never
 *     16     4  key length in bytes
 *     20     4  value length in bytes
 *     24     8  insertion stamp      \
 *     32     8  last-use stamp        &gt; policy metadata, rewritten in place
 *     40     8  use count            /
 *     48     4  CRC32C of bytes 0-23, the key and the value
 *     52     k  key: the store key's UTF-16BE code units (lossless for any string)
 *   52+k     v  value
 * </pre>
 * The checksum leaves the policy metadata out on purpose: it is a hint that the store
 * updates in place after reads, and a torn update of it can only make a victim choice
 * less exact, never a value wrong. A file whose length is not exactly {@code 52 + k + v},
 * whose magic or version is unknown, or whose checksum fails is corrupt.
 * <p>Stateless and thread-safe.
 */
final class EntryFile {

	static final int MAGIC = 0x50434645;

	static final short VERSION = 1;

	static final int POLICY_OFFSET = 24;

	static final int POLICY_LENGTH = 24;

	static final int CHECKSUM_OFFSET = 48;

	static final int HEADER_LENGTH = 52;

	static final long NEVER = Long.MAX_VALUE;

	private EntryFile() {
	}

	/** The fixed fields of an entry file. */
	record Header(long expiresAt, int keyLength, int valueLength, Policy policy) {

		boolean isLive(long now) {
			return this.expiresAt > now;
		}

		long fileLength() {
			return HEADER_LENGTH + (long) this.keyLength + this.valueLength;
		}

	}

	/** What the eviction policies know of an entry. */
	record Policy(long inserted, long used, long uses) {

		ByteBuffer toBuffer() {
			ByteBuffer buffer = ByteBuffer.allocate(POLICY_LENGTH);
			buffer.putLong(this.inserted).putLong(this.used).putLong(this.uses).flip();
			return buffer;
		}

	}

	/** An entry read back whole and checked. */
	record Entry(Header header, byte[] value) {
	}

	/** The header and key of a new entry; the value is written after it as it is. */
	static ByteBuffer headerAndKey(byte[] key, byte[] value, long expiresAt, Policy policy) {
		ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH + key.length);
		buffer.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(expiresAt);
		buffer.putInt(key.length).putInt(value.length);
		buffer.putLong(policy.inserted()).putLong(policy.used()).putLong(policy.uses());
		CRC32C crc = new CRC32C();
		crc.update(buffer.array(), 0, POLICY_OFFSET);
		crc.update(key);
		crc.update(value);
		buffer.putInt((int) crc.getValue());
		buffer.put(key).flip();
		return buffer;
	}

	/**
	 * Reads the header at the start of the channel.
	 * @return the header, or {@code null} if the file is not a well-formed entry file
	 */
	static @Nullable Header readHeader(FileChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH);
		readFully(channel, buffer, 0);
		return (buffer.hasRemaining()) ? null : parseHeader(buffer, channel.size());
	}

	/**
	 * The header of an entry file, opened only as a regular file and never through a link.
	 * @return the header, or {@code null} if the file is missing, unreadable or not a
	 * well-formed entry file
	 */
	static @Nullable Header readHeader(Path file) {
		try (FileChannel channel = DirectoryTrust.openRegular(file, StandardOpenOption.READ)) {
			return (channel != null) ? readHeader(channel) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * The header of the file at an id's path, if it is a well-formed entry file holding a
	 * key with that id; {@code null} otherwise, as for a file copied from another cache.
	 */
	static @Nullable Header checkedHeader(Path file, String id) {
		try (FileChannel channel = DirectoryTrust.openRegular(file, StandardOpenOption.READ)) {
			if (channel == null) {
				return null;
			}
			Header header = readHeader(channel);
			byte[] key = (header != null) ? readKey(channel, header) : null;
			return (key != null && FileLayout.id(key).equals(id)) ? header : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static @Nullable Header parseHeader(ByteBuffer buffer, long fileLength) {
		if (buffer.getInt(0) != MAGIC || buffer.getShort(4) != VERSION) {
			return null;
		}
		int keyLength = buffer.getInt(16);
		int valueLength = buffer.getInt(20);
		if (keyLength < 0 || valueLength < 0) {
			return null;
		}
		Header header = new Header(buffer.getLong(8), keyLength, valueLength,
				new Policy(buffer.getLong(24), buffer.getLong(32), buffer.getLong(40)));
		return (header.fileLength() == fileLength) ? header : null;
	}

	/** The outcome of reading an entry file for one key. */
	sealed interface Read {
	}

	/** The file holds this key; the entry may still be expired. */
	record Found(Entry entry) implements Read {
	}

	/** The file is well-formed but holds another key: a hash collision. */
	record OtherKey(Header header) implements Read {
	}

	/** The file is truncated, corrupt or not an entry file at all. */
	record Corrupt() implements Read {
	}

	/** Files up to this length are read in one call, and their value copied out. */
	private static final int SMALL_FILE = 16 * 1024;

	/**
	 * Reads a whole entry file and checks it against {@code key}. A small file is read in
	 * one call; a large one in two, the value straight into its own array, so it is
	 * copied no more often than {@code Files.readAllBytes} copies it.
	 */
	static Read read(FileChannel file, byte[] key) throws IOException {
		long fileLength = file.size();
		if (fileLength < HEADER_LENGTH || fileLength > Integer.MAX_VALUE) {
			return new Corrupt();
		}
		int headLength = (fileLength <= SMALL_FILE) ? (int) fileLength
				: (int) Math.min(fileLength, HEADER_LENGTH + (long) key.length);
		byte[] head = new byte[headLength];
		readExactly(file, ByteBuffer.wrap(head), 0);
		Header header = parseHeader(ByteBuffer.wrap(head), fileLength);
		if (header == null) {
			return new Corrupt();
		}
		if (header.keyLength() != key.length) {
			return new OtherKey(header);
		}
		int valueStart = HEADER_LENGTH + key.length;
		byte[] value;
		if (headLength == fileLength) {
			value = Arrays.copyOfRange(head, valueStart, headLength);
		}
		else {
			value = new byte[header.valueLength()];
			readExactly(file, ByteBuffer.wrap(value), headLength);
		}
		CRC32C crc = new CRC32C();
		crc.update(head, 0, POLICY_OFFSET);
		crc.update(head, HEADER_LENGTH, key.length);
		crc.update(value);
		if ((int) crc.getValue() != ByteBuffer.wrap(head).getInt(CHECKSUM_OFFSET)) {
			return new Corrupt();
		}
		if (!Arrays.equals(head, HEADER_LENGTH, valueStart, key, 0, key.length)) {
			return new OtherKey(header);
		}
		return new Found(new Entry(header, value));
	}

	/**
	 * The longest key read back from a file found in the directory (by the index build, an
	 * eviction by prefix, a removal event): 1 MiB, far above any key Polycache writes (a
	 * stored form over 512 characters is kept as its hash). A file claiming more is
	 * treated as foreign, so a hostile one costs a header read, not an allocation of the
	 * length it claims.
	 */
	static final int MAX_KEY_BYTES = 1 << 20;

	/**
	 * The key an entry file holds, after its {@code header}.
	 * @return the key bytes, or {@code null} if the file ends before the key does or
	 * claims a key longer than {@link #MAX_KEY_BYTES}
	 */
	static byte @Nullable [] readKey(FileChannel channel, Header header) throws IOException {
		if (header.keyLength() > MAX_KEY_BYTES) {
			return null;
		}
		ByteBuffer key = ByteBuffer.allocate(header.keyLength());
		readFully(channel, key, HEADER_LENGTH);
		return key.hasRemaining() ? null : key.array();
	}

	/** Reads until the buffer is full or the file ends. */
	private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
		long at = position;
		while (buffer.hasRemaining()) {
			int read = channel.read(buffer, at);
			if (read < 0) {
				return;
			}
			at += read;
		}
	}

	/** Reads until the buffer is full; a file that ends first (truncated under us) is an EOF. */
	private static void readExactly(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
		readFully(channel, buffer, position);
		if (buffer.hasRemaining()) {
			throw new EOFException();
		}
	}

}
