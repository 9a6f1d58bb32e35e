package io.polycache.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StatsCounter;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a store whose background index build has not finished: the build stops, does
 * nothing to the directory after the store has closed, and logs no failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class FileStoreCloseTests {

	private static final byte[] VALUE = "value".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path root;

	private final MutableClock clock = new MutableClock();

	private Path expiredEntry;

	private Path staleProbe;

	/** A closed store's directory holding one expired entry and a crashed opener's probe file. */
	private void directoryWithLeftovers() throws IOException {
		FileStore first = open(this.clock, Runnable::run);
		first.put("expired", VALUE, Duration.ofSeconds(1));
		for (int i = 0; i < 20; i++) {
			first.put("live" + i, VALUE, Duration.ZERO);
		}
		first.close();
		this.clock.advance(Duration.ofSeconds(2));
		this.expiredEntry = new FileLayout(this.root, "closing").entryFile(FileLayout.id(FileLayout.keyBytes("expired")));
		this.staleProbe = first.directory().resolve(FileLayout.PROBE_PREFIX + "crashed" + FileLayout.TEMP_SUFFIX);
		Files.write(this.staleProbe, VALUE);
		Files.setLastModifiedTime(this.staleProbe, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
	}

	private FileStore open(Clock storeClock, Executor indexBuilder) throws IOException {
		return new FileStore(this.root, CacheSettings.defaults("closing"), storeClock, new StatsCounter(),
				new SplittableRandom(11), indexBuilder, Duration.ZERO);
	}

	@Test
	void aBuildThatStartsAfterCloseDoesNothingAndLogsNothing(CapturedOutput output) throws IOException {
		directoryWithLeftovers();
		List<Runnable> held = new ArrayList<>();
		FileStore store = open(this.clock, held::add);
		store.close();
		held.forEach(Runnable::run);
		assertThat(store.isIndexed()).isTrue();
		assertThat(output).doesNotContain("could not index");
		assertThat(this.staleProbe).exists();
		assertThat(this.expiredEntry).exists();
	}

	@Test
	void closeStopsABuildInProgressAndWaitsForIt(CapturedOutput output) throws Exception {
		directoryWithLeftovers();
		List<Thread> builders = new ArrayList<>();
		PausingClock pausing = new PausingClock(this.clock);
		FileStore store = open(pausing, (task) -> {
			Thread thread = new Thread(task, "index-build");
			pausing.pauseOn(thread);
			builders.add(thread);
			thread.start();
		});
		assertThat(pausing.entered.await(10, TimeUnit.SECONDS)).as("the build reached its scan").isTrue();
		Thread closer = new Thread(store::close, "closer");
		closer.start();
		awaitWaitingOrDone(closer);
		pausing.release.countDown();
		closer.join(TimeUnit.SECONDS.toMillis(10));
		builders.get(0).join(TimeUnit.SECONDS.toMillis(10));
		assertThat(closer.isAlive()).as("close returned").isFalse();
		assertThat(builders.get(0).isAlive()).as("the build ended").isFalse();
		assertThat(output).doesNotContain("could not index");
		assertThat(this.staleProbe).exists();
		assertThat(this.expiredEntry).exists();
	}

	/** Waits until the thread has ended or waits for something (a lock); no timing asserted. */
	private static void awaitWaitingOrDone(Thread thread) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			Thread.State state = thread.getState();
			if (state == Thread.State.TERMINATED || state == Thread.State.WAITING
					|| state == Thread.State.TIMED_WAITING) {
				return;
			}
			Thread.sleep(1);
		}
	}

	/** The test clock, except that the first reading on one thread waits to be released. */
	private static final class PausingClock extends Clock {

		private final MutableClock clock;

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		private volatile Thread paused;

		PausingClock(MutableClock clock) {
			this.clock = clock;
		}

		void pauseOn(Thread thread) {
			this.paused = thread;
		}

		@Override
		public long millis() {
			if (Thread.currentThread() == this.paused) {
				this.paused = null;
				this.entered.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return this.clock.millis();
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(millis());
		}

		@Override
		public ZoneId getZone() {
			return this.clock.getZone();
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
