package io.polycache.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

	private FileStore open(RecordingStoreEvents events) throws Exception {
		CacheSettings settings = CacheSettings.builder("removals").maxEntries(20).eviction(EvictionPolicy.FIFO).build();
		return new FileStore(this.root, settings, this.clock, events, new SplittableRandom(3), Runnable::run,
				Duration.ZERO);
	}

}
