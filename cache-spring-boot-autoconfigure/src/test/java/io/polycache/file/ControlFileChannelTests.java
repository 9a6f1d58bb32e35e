package io.polycache.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.InvalidationChannel.Subscription;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file-system store's invalidation channel, polled by hand: two stores on one directory
 * stand for two processes (each has a writer id of its own, as a store in another JVM has).
 */
class ControlFileChannelTests {

	private static final byte[] VALUE = "value".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path root;

	private final MutableClock clock = new MutableClock();

	private final ControlFilePoller poller = ControlFilePoller.manual();

	private final List<FileStore> opened = new ArrayList<>();

	/** Two stores of one cache, as two processes have. */
	private FileStore a;

	private FileStore b;

	@BeforeEach
	void openStores() {
		this.a = open("near");
		this.b = open("near");
	}

	@AfterEach
	void closeStores() {
		this.opened.forEach(FileStore::close);
	}

	private FileStore open(CacheSettings settings) {
		try {
			FileStore store = new FileStore(this.root, settings, this.clock, new StatsCounter(), new SplittableRandom(5),
					Runnable::run, Duration.ZERO);
			this.opened.add(store);
			return store;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private FileStore open(String name) {
		return open(CacheSettings.defaults(name));
	}

	private RecordingListener subscribe(FileStore store) {
		RecordingListener listener = new RecordingListener();
		store.invalidations().subscribe(listener, this.poller);
		return listener;
	}

	@Test
	void subscribingReadsTheFileAndConnectsAtOnce() {
		RecordingListener listener = subscribe(this.a);
		assertThat(listener.events).containsExactly("connected");
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected");
	}

	@Test
	void subscribingToAnUnreadableFileDisconnectsUntilItCanBeRead() throws IOException {
		deleteRecursively(this.root);
		RecordingListener listener = subscribe(this.a);
		assertThat(listener.events).containsExactly("disconnected");
		this.a.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("disconnected", "connected");
	}

	@Test
	void anotherStoresWriteInvalidatesEverythingOnce() {
		RecordingListener listener = subscribe(this.a);
		this.b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "invalidatedAll");
		this.poller.poll();
		assertThat(listener.invalidatedAll).hasValue(1);
		this.b.remove("k");
		this.b.put("j", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.invalidatedAll).hasValue(2);
	}

	@Test
	void everyKindOfChangeByAnotherStoreInvalidates() {
		RecordingListener listener = subscribe(this.a);
		List<Runnable> changes = List.of(() -> this.b.put("k", VALUE, Duration.ZERO),
				() -> this.b.putIfAbsent("new", VALUE, Duration.ZERO),
				() -> this.b.increment("counter", 1, Duration.ZERO), () -> this.b.remove("k"), this.b::clear);
		for (Runnable change : changes) {
			int before = listener.invalidatedAll.get();
			change.run();
			this.poller.poll();
			assertThat(listener.invalidatedAll).hasValue(before + 1);
		}
	}

	@Test
	void ownChangesNeverInvalidate() {
		FileStore bounded = open(CacheSettings.builder("bounded").maxEntries(5).build());
		RecordingListener listener = subscribe(bounded);
		for (int i = 0; i < 40; i++) {
			bounded.put("k" + i, VALUE, Duration.ofSeconds(1 + i % 3));
			bounded.putIfAbsent("p" + i, VALUE, Duration.ZERO);
			bounded.increment("counter", 1, Duration.ZERO);
			bounded.remove("k" + (i - 1));
			if (i % 7 == 0) {
				this.clock.advance(Duration.ofSeconds(2));
				bounded.removeExpired();
				bounded.clear();
			}
			if (i % 3 == 0) {
				this.poller.poll();
			}
		}
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected");
	}

	@Test
	void anOwnChangeAfterAForeignOneDoesNotHideIt() {
		RecordingListener listener = subscribe(this.a);
		this.b.put("k", VALUE, Duration.ZERO);
		this.a.put("j", VALUE, Duration.ZERO);
		this.a.put("i", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.invalidatedAll).hasValue(1);
		this.a.put("h", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.invalidatedAll).as("own changes after the report are accounted again").hasValue(1);
	}

	@Test
	void eachCacheDirectoryHasItsOwnGeneration() {
		FileStore mine = open("mine");
		FileStore other = open("other");
		RecordingListener listener = subscribe(mine);
		other.put("k", VALUE, Duration.ZERO);
		other.clear();
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected");
	}

	@Test
	void aDeletedDirectoryDisconnectsUntilItIsCreatedAgain() throws IOException {
		RecordingListener listener = subscribe(this.a);
		deleteRecursively(this.root);
		this.poller.poll();
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "disconnected");
		this.b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "disconnected", "connected");
		this.b.put("j", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "disconnected", "connected", "invalidatedAll");
	}

	@Test
	void aControlFileThatIsNoRegularFileDisconnects() throws IOException {
		RecordingListener listener = subscribe(this.a);
		Path control = this.a.directory().resolve(FileLayout.CONTROL_FILE);
		Path moved = this.a.directory().resolve("moved.ctl");
		Files.move(control, moved);
		Files.createDirectory(control);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "disconnected");
		Files.delete(control);
		Files.move(moved, control);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "disconnected", "connected");
	}

	@Test
	void aControlFileBeingCreatedDisconnects() throws IOException {
		RecordingListener listener = subscribe(this.a);
		Path control = this.a.directory().resolve(FileLayout.CONTROL_FILE);
		Files.write(control, new byte[0]);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "disconnected");
	}

	@Test
	void aRecreatedControlFileStartsAtANewGeneration() throws IOException {
		RecordingListener listener = subscribe(this.a);
		long before = ControlFile.readGeneration(this.a.directory().resolve(FileLayout.CONTROL_FILE));
		Files.delete(this.a.directory().resolve(FileLayout.CONTROL_FILE));
		this.b.put("k", VALUE, Duration.ZERO);
		long after = ControlFile.readGeneration(this.a.directory().resolve(FileLayout.CONTROL_FILE));
		assertThat(after).isNotIn(before, before + 1, 1L, 2L);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "invalidatedAll");
	}

	/**
	 * A process that dies in the middle of a change never writes its end: the generation
	 * it left odd makes every poll drop the near tier, until the next store to take the lock
	 * (here the listener's own, sweeping) makes it even, which is one more report.
	 */
	@Test
	void aChangeAbandonedByADeadProcessInvalidatesAtEveryPollUntilTheNextLock() throws Exception {
		RecordingListener listener = subscribe(this.a);
		this.b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.invalidatedAll).hasValue(1);
		Path control = this.a.directory().resolve(FileLayout.CONTROL_FILE);
		Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				ControlFilePollerTests.writerClassPath(), AbandonedChangeWorker.class.getName(), control.toString(),
				fileOf(this.a, "k").toString())
			.redirectErrorStream(true)
			.start();
		assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("changed\n");
		assertThat(fileOf(this.a, "k")).doesNotExist();
		assertThat(ControlFile.isOdd(ControlFile.readGeneration(control))).isTrue();
		for (int poll = 1; poll <= 3; poll++) {
			this.poller.poll();
			assertThat(listener.invalidatedAll).hasValue(1 + poll);
		}
		this.a.removeExpired();
		assertThat(ControlFile.isOdd(ControlFile.readGeneration(control))).isFalse();
		this.poller.poll();
		this.poller.poll();
		assertThat(listener.invalidatedAll).hasValue(5);
	}

	@Test
	void aChangeUnderWayIsMarkedInTheGenerationAndItsEndToo() throws IOException {
		Path control = this.a.directory().resolve(FileLayout.CONTROL_FILE);
		long before = ControlFile.readGeneration(control);
		assertThat(ControlFile.isOdd(before)).isFalse();
		this.a.put("k", VALUE, Duration.ZERO);
		assertThat(ControlFile.readGeneration(control)).isEqualTo(before + 2);
		this.a.get("k");
		this.a.putIfAbsent("k", VALUE, Duration.ZERO);
		assertThat(ControlFile.readGeneration(control)).as("nothing changed").isEqualTo(before + 2);
	}

	@Test
	void closingTheSubscriptionStopsPollingForIt() {
		RecordingListener first = subscribe(this.a);
		RecordingListener second = new RecordingListener();
		Subscription subscription = this.a.invalidations().subscribe(second, this.poller);
		this.poller.poll();
		subscription.close();
		subscription.close();
		this.b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(second.events).containsExactly("connected");
		assertThat(first.events).containsExactly("connected", "invalidatedAll");
		assertThat(this.poller.isPolling()).isTrue();
	}

	@Test
	void closingTheStoreEndsItsSubscriptions() {
		RecordingListener listener = subscribe(this.a);
		this.opened.remove(this.a);
		this.a.close();
		assertThat(this.poller.isPolling()).isFalse();
		this.b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected");
	}

	@Test
	void aListenerThatThrowsDoesNotStopTheOthers() {
		this.a.invalidations().subscribe(new RecordingListener() {

			@Override
			public void invalidatedAll() {
				throw new IllegalStateException("broken listener");
			}

		}, this.poller);
		RecordingListener listener = subscribe(this.a);
		this.b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "invalidatedAll");
	}

	private static Path fileOf(FileStore store, String key) {
		return new FileLayout(store.directory().getParent(), store.directory().getFileName().toString())
			.entryFile(FileLayout.id(FileLayout.keyBytes(key)));
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> tree = Files.walk(directory)) {
			for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
