package io.polycache.file;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.InvalidationChannel.Subscription;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poller on its own thread: it starts with the first subscription and ends with the
 * last, and a write by another store, in this JVM or another process, reaches the near
 * tier's listener within the bound (asserted with a wide margin: 2 s for a 20 ms poll).
 * The cross-process test prints the lag it measured.
 */
class ControlFilePollerTests {

	private static final byte[] VALUE = "value".getBytes(StandardCharsets.UTF_8);

	private static final Duration BOUND = Duration.ofSeconds(2);

	@TempDir
	Path root;

	private final List<FileStore> opened = new ArrayList<>();

	@AfterEach
	void closeStores() {
		this.opened.forEach(FileStore::close);
	}

	private FileStore open(String name) {
		try {
			FileStore store = new FileStore(this.root, CacheSettings.defaults(name), Clock.systemUTC(),
					new StatsCounter(), new SplittableRandom(9), Runnable::run, Duration.ZERO);
			this.opened.add(store);
			return store;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void theThreadStartsWithTheFirstSubscriptionAndEndsWithTheLast() throws InterruptedException {
		String name = "test-poller-" + System.nanoTime();
		ControlFilePoller poller = new ControlFilePoller(ControlFilePoller.every(Duration.ofMillis(5), name));
		FileStore a = open("one");
		FileStore b = open("two");
		assertThat(threads(name)).isEmpty();
		RecordingListener first = new RecordingListener();
		RecordingListener second = new RecordingListener();
		Subscription one = a.invalidations().subscribe(first, poller);
		Subscription two = b.invalidations().subscribe(second, poller);
		awaitTrue(() -> first.connected.get() == 1 && second.connected.get() == 1);
		assertThat(threads(name)).hasSize(1);
		one.close();
		b.put("k", VALUE, Duration.ZERO);
		assertThat(threads(name)).hasSize(1);
		two.close();
		awaitTrue(() -> threads(name).isEmpty());
		RecordingListener again = new RecordingListener();
		Subscription three = a.invalidations().subscribe(again, poller);
		awaitTrue(() -> again.connected.get() == 1);
		assertThat(threads(name)).hasSize(1);
		three.close();
		awaitTrue(() -> threads(name).isEmpty());
		assertThat(first.events).containsExactly("connected");
	}

	/**
	 * Another store's writes are all heard while the own store writes as fast as it can,
	 * which makes its changes race every poll.
	 */
	@Test
	void everyWriteOfAnotherStoreIsHeardWhileTheOwnStoreWrites() throws Exception {
		FileStore a = open("near");
		FileStore b = open("near");
		RecordingListener listener = new RecordingListener();
		try (Subscription subscription = a.invalidations().subscribe(listener)) {
			awaitTrue(() -> listener.connected.get() == 1);
			AtomicBoolean writing = new AtomicBoolean(true);
			AtomicInteger ownWrites = new AtomicInteger();
			Thread own = new Thread(() -> {
				while (writing.get()) {
					a.put("own" + ownWrites.incrementAndGet() % 50, VALUE, Duration.ZERO);
				}
			});
			own.start();
			try {
				for (int i = 0; i < 100; i++) {
					// From before the put: the poll may see its change before the put returns.
					long started = System.nanoTime();
					b.put("foreign", VALUE, Duration.ZERO);
					awaitTrue(() -> listener.lastInvalidatedAllNanos - started > 0);
				}
			}
			finally {
				writing.set(false);
				own.join();
			}
			assertThat(ownWrites.get()).isGreaterThan(100);
			assertThat(listener.disconnected).hasValue(0);
			System.out.printf("file near tier: %d own writes racing the polls, 100 foreign ones: %d invalidations%n",
					ownWrites.get(), listener.invalidatedAll.get());
		}
	}

	/**
	 * A real second process puts a key 300 times; each put must be followed here by an
	 * {@code invalidatedAll()} within the bound. Prints the lag from the end of each put
	 * (its return, in the other process) to the listener's call here, as percentiles.
	 */
	@Test
	void aWriteByAnotherProcessIsHeardWithinTheBound() throws Exception {
		int puts = 300;
		FileStore a = open("near");
		List<Long> heard = new CopyOnWriteArrayList<>();
		RecordingListener listener = new RecordingListener() {

			@Override
			public void invalidatedAll() {
				heard.add(System.nanoTime());
				super.invalidatedAll();
			}

		};
		List<long[]> writes = new ArrayList<>();
		try (Subscription subscription = a.invalidations().subscribe(listener)) {
			awaitTrue(() -> listener.connected.get() == 1);
			Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-cp", writerClassPath(), InvalidationWriter.class.getName(), this.root.toString(), "near",
					Integer.toString(puts), "21")
				.redirectErrorStream(true)
				.start();
			try (BufferedReader output = new BufferedReader(
					new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = output.readLine(); line != null; line = output.readLine()) {
					if (line.startsWith("put ")) {
						String[] times = line.split(" ");
						writes.add(new long[] { Long.parseLong(times[1]), Long.parseLong(times[2]) });
					}
					else {
						assertThat(line).isEqualTo("done");
					}
				}
			}
			assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(writer.exitValue()).isZero();
			awaitTrue(() -> !heard.isEmpty() && heard.get(heard.size() - 1) - writes.get(puts - 1)[0] > 0);
		}
		assertThat(writes).hasSize(puts);
		long[] lags = new long[puts];
		for (int i = 0; i < puts; i++) {
			long start = writes.get(i)[0];
			long end = writes.get(i)[1];
			long first = heard.stream().filter((at) -> at - start > 0).findFirst().orElseThrow();
			lags[i] = Math.max(0, first - end);
			assertThat(Duration.ofNanos(lags[i])).as("lag of put %d", i).isLessThan(BOUND);
		}
		assertThat(listener.disconnected).hasValue(0);
		java.util.Arrays.sort(lags);
		System.out.printf("file near tier: lag from another process's put to invalidatedAll here, %d puts: "
				+ "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (poll interval %d ms)%n", puts,
				lags[puts / 2] / 1e6, lags[puts * 9 / 10] / 1e6, lags[puts * 99 / 100] / 1e6, lags[puts - 1] / 1e6,
				ControlFilePoller.INTERVAL.toMillis());
	}

	/** The test classpath cut to what the writer loads, so that it starts fast. */
	static String writerClassPath() {
		return String.join(File.pathSeparator, Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> entry.endsWith("classes") || entry.contains("spring-core")
					|| entry.contains("commons-logging") || entry.contains("jspecify"))
			.toList());
	}

	private static List<Thread> threads(String name) {
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().equals(name)).toList();
	}

	private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() - deadline).as("reached within " + BOUND).isNegative();
			Thread.sleep(1);
		}
	}

}
