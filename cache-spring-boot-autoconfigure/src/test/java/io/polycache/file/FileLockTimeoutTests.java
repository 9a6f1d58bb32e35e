package io.polycache.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.internal.FailOpenStore;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.CacheStore;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A sibling process that holds the directory's lock and is then stopped with SIGSTOP, as
 * a debugger or a paused container would stop it: writes fail within the lock timeout
 * instead of hanging, and resume once the sibling runs again and lets go.
 */
class FileLockTimeoutTests {

	private static final Duration LOCK_TIMEOUT = Duration.ofMillis(300);

	/** What the issue allows beyond the timeout. */
	private static final long MARGIN_MILLIS = 200;

	@TempDir
	Path root;

	private Process holder;

	private FileStore store;

	@AfterEach
	void continueAndDestroyTheHolder() throws Exception {
		if (this.holder != null) {
			// Not checked: a holder the test already let go of may have exited, and kill then fails.
			new ProcessBuilder("kill", "-CONT", Long.toString(this.holder.pid())).inheritIO().start().waitFor();
			this.holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		if (this.store != null) {
			this.store.close();
		}
	}

	@Test
	void writesFailWithinTheTimeoutWhileAStoppedProcessHoldsTheLockAndResumeAfter() throws Exception {
		CacheSettings settings = CacheSettings.defaults("paused");
		this.store = new FileStore(this.root, settings, LOCK_TIMEOUT, DiskSync.OFF, new MutableClock(), new StatsCounter(),
				new SplittableRandom(1), Runnable::run, Duration.ZERO);
		this.store.put("before", new byte[] { 1 }, Duration.ZERO);
		this.holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), LockHolderWorker.class.getName(),
				this.store.directory().resolve(FileLayout.CONTROL_FILE).toString())
			.redirectErrorStream(true)
			.start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(this.holder.getInputStream(), StandardCharsets.UTF_8));
		assertThat(output.readLine()).isEqualTo("locked");
		signal("STOP");
		CacheStore<String, byte[]> failOpen = new FailOpenStore<>("paused", this.store);
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			assertWithinTheTimeout(() -> failOpen.put("during", new byte[] { 2 }, Duration.ZERO));
			assertWithinTheTimeout(() -> assertThatExceptionOfType(UncheckedIOException.class)
				.isThrownBy(() -> this.store.put("during", new byte[] { 2 }, Duration.ZERO))
				.havingCause()
				.withMessageContaining("Timed out"));
			assertWithinTheTimeout(() -> assertThatExceptionOfType(UncheckedIOException.class)
				.isThrownBy(this.store::size));
			assertWithinTheTimeout(() -> assertThatExceptionOfType(UncheckedIOException.class)
				.isThrownBy(this.store::removeExpired));
		});
		assertThat(this.store.get("during")).isNull();
		assertThat((byte[]) this.store.get("before")).containsExactly(1);
		signal("CONT");
		this.holder.getOutputStream().close();
		assertThat(output.readLine()).isEqualTo("released");
		this.store.put("after", new byte[] { 3 }, Duration.ZERO);
		assertThat((byte[]) this.store.get("after")).containsExactly(3);
		assertThat(this.store.size()).hasValue(2);
	}

	private static void assertWithinTheTimeout(Runnable call) {
		long start = System.nanoTime();
		call.run();
		long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(elapsed).as("milliseconds the call took").isLessThanOrEqualTo(LOCK_TIMEOUT.toMillis() + MARGIN_MILLIS);
	}

	private void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.holder.pid())).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
	}

}
