package io.polycache.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

import io.polycache.file.EntryFile.Policy;

/**
 * An entry written whole to a fresh temporary file beside its entry file, owner-only,
 * and not yet moved into place. The channel stays open so that the policy metadata can
 * still be corrected once the writer holds the directory's lock.
 * <p>Not thread-safe: one writer owns it from {@link #write} to {@link #close} or
 * {@link #discard}.
 */
final class StagedEntry {

	private static final EnumSet<StandardOpenOption> CREATE_TEMP = EnumSet.of(StandardOpenOption.CREATE_NEW,
			StandardOpenOption.WRITE);

	final String id;

	final Path temp;

	final Policy policy;

	final long expiresAt;

	private final FileChannel channel;

	private StagedEntry(String id, Path temp, FileChannel channel, Policy policy, long expiresAt) {
		this.id = id;
		this.temp = temp;
		this.channel = channel;
		this.policy = policy;
		this.expiresAt = expiresAt;
	}

	/**
	 * Writes the entry to a new temporary file, creating its fan-out directory if missing,
	 * and with {@link DiskSync#ON} forces the file (and a new fan-out directory's name) to
	 * the disk before returning: outside any lock, so the wait holds up no other writer.
	 */
	static StagedEntry write(FileLayout layout, String id, byte[] key, byte[] value, long expiresAt, Policy policy,
			DiskSync sync) throws IOException {
		Path temp = layout.tempFile(id);
		FileChannel channel;
		try {
			channel = FileChannel.open(temp, CREATE_TEMP, FileLayout.fileAttributes());
		}
		catch (NoSuchFileException ex) {
			// The fan-out directory is new, or the whole directory was deleted: create it again.
			FileLayout.createDirectories(layout.fanOut(id));
			sync.directory(layout.directory());
			channel = FileChannel.open(temp, CREATE_TEMP, FileLayout.fileAttributes());
		}
		StagedEntry staged = new StagedEntry(id, temp, channel, policy, expiresAt);
		try {
			ByteBuffer[] buffers = { EntryFile.headerAndKey(key, value, expiresAt, policy), ByteBuffer.wrap(value) };
			while (buffers[1].hasRemaining()) {
				channel.write(buffers);
			}
			sync.file(channel);
			return staged;
		}
		catch (IOException | RuntimeException ex) {
			staged.discard();
			throw ex;
		}
	}

	/**
	 * Rewrites the policy metadata, if it differs from what was written. Never forced:
	 * it is outside the checksum and only guides eviction, so losing it to a power cut
	 * leaves the value whole.
	 */
	void correctPolicy(Policy actual) throws IOException {
		if (!actual.equals(this.policy)) {
			this.channel.write(actual.toBuffer(), EntryFile.POLICY_OFFSET);
		}
	}

	/** Closes the file, ready to be moved into place. */
	void close() throws IOException {
		this.channel.close();
	}

	/** Closes and deletes the temporary file, as far as possible. */
	void discard() throws IOException {
		try {
			this.channel.close();
		}
		finally {
			Files.deleteIfExists(this.temp);
		}
	}

}
