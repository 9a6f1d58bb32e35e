package io.polycache.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StatsCounter;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two stores of one JVM on one directory: the JVM may hold a file's lock only once, and
 * closing any channel of a file drops the process's lock on it, so they must share one.
 */
class SharedDirectoryLockTests {

	@TempDir
	Path root;

	private final List<FileStore> opened = new ArrayList<>();

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void closeEverything() throws InterruptedException {
		this.opened.forEach(FileStore::close);
		for (Process process : this.processes) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	private FileStore open() throws IOException {
		FileStore store = new FileStore(this.root, CacheSettings.defaults("shared"), new MutableClock(),
				new StatsCounter(), new SplittableRandom(this.opened.size()), Runnable::run, Duration.ZERO);
		this.opened.add(store);
		return store;
	}

	@Test
	void twoStoresWriteConcurrentlyWithoutLosingAnIncrementOrAPut() throws Exception {
		FileStore first = open();
		FileStore second = open();
		int threads = 4;
		int rounds = 300;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				FileStore store = (t % 2 == 0) ? first : second;
				int thread = t;
				done.add(executor.submit(() -> {
					for (int i = 0; i < rounds; i++) {
						store.increment("counter", 1, Duration.ZERO);
						store.put("key-" + thread + "-" + i, new byte[] { (byte) thread, (byte) i }, Duration.ZERO);
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(first.increment("counter", 0, Duration.ZERO)).isEqualTo(threads * rounds);
		for (int t = 0; t < threads; t++) {
			for (int i = 0; i < rounds; i++) {
				assertThat((byte[]) second.get("key-" + t + "-" + i)).containsExactly((byte) t, (byte) i);
			}
		}
		assertThat(first.size()).hasValue(threads * rounds + 1);
	}

	@Test
	void closingOneStoreLeavesTheOtherHoldingTheFileLock() throws Exception {
		Path controlFile = this.root.resolve("shared").resolve(FileLayout.CONTROL_FILE);
		try (ControlFile holding = new ControlFile(controlFile); ControlFile closing = new ControlFile(controlFile)) {
			open().close();
			closing.lock();
			closing.unlock(false);
			holding.lock();
			try {
				closing.close();
				assertThat(tryLockFromAnotherProcess(controlFile)).isEqualTo("timed out");
			}
			finally {
				holding.unlock(false);
			}
			assertThat(tryLockFromAnotherProcess(controlFile)).isEqualTo("locked");
		}
	}

	@Test
	void closingOneStoreLeavesTheOtherWorking() throws Exception {
		FileStore first = open();
		FileStore second = open();
		second.put("k", new byte[] { 1 }, Duration.ZERO);
		second.close();
		first.put("k", new byte[] { 2 }, Duration.ZERO);
		assertThat(first.increment("n", 5, Duration.ZERO)).isEqualTo(5);
		assertThat((byte[]) first.get("k")).containsExactly(2);
		assertThat(first.size()).hasValue(2);
	}

	private String tryLockFromAnotherProcess(Path controlFile) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), LockHolderWorker.class.getName(), controlFile.toString(), "500")
			.redirectErrorStream(true)
			.start();
		this.processes.add(process);
		BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = output.readLine();
		process.getOutputStream().close();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return line;
	}

}
