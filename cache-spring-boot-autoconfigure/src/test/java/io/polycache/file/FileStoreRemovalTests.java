package io.polycache.file;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.RemovalCause;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testsupport.RecordingStoreEvents;
import io.polycache.testsupport.RemovalWorkload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FileStore} reports every removal once, with its cause and the key read back
 * from the entry file where the index knows only its id: overwrites (replaced or
 * expired), removes, the sweeper's purges, evictions and clears, under contention.
 */
class FileStoreRemovalTests {

	@TempDir
	Path root;

	private final MutableClock clock = new MutableClock();

	@Test
	void everyWriteEndsInOneReportedRemovalOrIsStillThere() throws Exception {
		RecordingStoreEvents events = new RecordingStoreEvents();
		FileStore store = open(events);
		try {
			new RemovalWorkload<String, byte[]>(store, this.clock, (k) -> "key-" + k,
					(i) -> ("v" + i).getBytes(StandardCharsets.UTF_8), 64)
				.runAndCheck(4, 2_500, events);
			assertThat(events.reportedWithValue()).isZero();
		}
		finally {
			store.close();
		}
	}

	@Test
	void evictionReportsTheKeyReadFromTheFile() throws Exception {
		RecordingStoreEvents events = new RecordingStoreEvents();
		FileStore store = open(events);
		try {
			for (int i = 0; i < 21; i++) {
				store.put("k\u00e9y-" + i, new byte[] { 1 }, Duration.ZERO);
			}
			assertThat(events.counted(RemovalCause.EVICTED)).isOne();
			assertThat(events.reportedOf("k\u00e9y-0")).isOne();
		}
		finally {
			store.close();
		}
	}

	/**
	 * An entry file replaced behind the store by one claiming a 256 MiB key (sparse, so
	 * cheap to make) is neither read whole nor reported under a key that is not its id's:
	 * the overwrite still succeeds, and no listener hears a key it never used.
	 */
	@Test
	void aHostileEntryFileIsNotReadForItsKey() throws Exception {
		RecordingStoreEvents events = new RecordingStoreEvents();
		FileStore store = open(events);
		try {
			store.put("k", new byte[] { 1 }, Duration.ZERO);
			claimKeyLength(256 << 20);
			store.put("k", new byte[] { 2 }, Duration.ZERO);
			assertThat(events.counted(RemovalCause.REPLACED)).isOne();
			assertThat(events.reported(RemovalCause.REPLACED)).isZero();
			assertThat(store.get("k")).containsExactly(2);
		}
		finally {
			store.close();
		}
	}

	/**
	 * A file claiming a key one byte over {@link EntryFile#MAX_KEY_BYTES} is treated as
	 * foreign wherever a key is read back from the directory (index build, eviction by
	 * prefix, removal events): its key is never read, whatever length it claims.
	 */
	@Test
	void aKeyClaimedLongerThanTheBoundIsNeverRead() throws Exception {
		FileStore store = open(new RecordingStoreEvents());
		try {
			store.put("k", new byte[] { 1 }, Duration.ZERO);
			Path file = claimKeyLength(EntryFile.MAX_KEY_BYTES + 1);
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
				EntryFile.Header header = EntryFile.readHeader(channel);
				assertThat(header).isNotNull();
				assertThat(EntryFile.readKey(channel, header)).isNull();
			}
			assertThat(store.removeByPrefix("")).isZero();
			store.put("k", new byte[] { 2 }, Duration.ZERO);
			assertThat(store.get("k")).containsExactly(2);
		}
		finally {
			store.close();
		}
	}

	/**
	 * Rewrites the one entry file in the directory to claim a key of {@code keyLength}
	 * bytes and no value, as long as it claims (sparse, so cheap to make).
	 * @return the file
	 */
	private Path claimKeyLength(int keyLength) throws IOException {
		Path file;
		try (var files = Files.walk(this.root)) {
			file = files.filter((path) -> path.toString().endsWith(FileLayout.ENTRY_SUFFIX)).findFirst().orElseThrow();
		}
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
			raf.seek(16);
			raf.writeInt(keyLength);
			raf.writeInt(0);
			raf.setLength(EntryFile.HEADER_LENGTH + (long) keyLength);
		}
		return file;
	}

	private FileStore open(RecordingStoreEvents events) throws Exception {
		CacheSettings settings = CacheSettings.builder("removals").maxEntries(20).eviction(EvictionPolicy.FIFO).build();
		return new FileStore(this.root, settings, this.clock, events, new SplittableRandom(3), Runnable::run,
				Duration.ZERO);
	}

}
