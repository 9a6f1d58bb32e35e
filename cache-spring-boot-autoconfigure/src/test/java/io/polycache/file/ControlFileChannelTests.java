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
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
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
		FileStore store = open("near");
		RecordingListener listener = subscribe(store);
		assertThat(listener.events).containsExactly("connected");
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected");
	}

	@Test
	void subscribingToAnUnreadableFileDisconnectsUntilItCanBeRead() throws IOException {
		FileStore store = open("near");
		deleteRecursively(this.root);
		RecordingListener listener = subscribe(store);
		assertThat(listener.events).containsExactly("disconnected");
		store.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("disconnected", "connected");
	}

	@Test
	void anotherStoresWriteInvalidatesEverythingOnce() {
		FileStore a = open("near");
		FileStore b = open("near");
		RecordingListener listener = subscribe(a);
		this.poller.poll();
		b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "invalidatedAll");
		this.poller.poll();
		assertThat(listener.invalidatedAll).hasValue(1);
		b.remove("k");
		b.put("j", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.invalidatedAll).hasValue(2);
	}

	@Test
	void everyKindOfChangeByAnotherStoreInvalidates() {
		FileStore a = open("near");
		FileStore b = open("near");
		RecordingListener listener = subscribe(a);
		this.poller.poll();
		List<Runnable> changes = List.of(() -> b.put("k", VALUE, Duration.ZERO),
				() -> b.putIfAbsent("new", VALUE, Duration.ZERO), () -> b.increment("counter", 1, Duration.ZERO),
				() -> b.remove("k"), b::clear);
		for (Runnable change : changes) {
			int before = listener.invalidatedAll.get();
			change.run();
			this.poller.poll();
			assertThat(listener.invalidatedAll).hasValue(before + 1);
		}
	}

	@Test
	void ownChangesNeverInvalidate() {
		FileStore a = open(CacheSettings.builder("near").maxEntries(5).build());
		RecordingListener listener = subscribe(a);
		this.poller.poll();
		for (int i = 0; i < 40; i++) {
			a.put("k" + i, VALUE, Duration.ofSeconds(1 + i % 3));
			a.putIfAbsent("p" + i, VALUE, Duration.ZERO);
			a.increment("counter", 1, Duration.ZERO);
			a.remove("k" + (i - 1));
			if (i % 7 == 0) {
				this.clock.advance(Duration.ofSeconds(2));
				a.removeExpired();
				a.clear();
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
		FileStore a = open("near");
		FileStore b = open("near");
		RecordingListener listener = subscribe(a);
		this.poller.poll();
		b.put("k", VALUE, Duration.ZERO);
		a.put("j", VALUE, Duration.ZERO);
		a.put("i", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.invalidatedAll).hasValue(1);
		a.put("h", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.invalidatedAll).as("own changes after the report are accounted again").hasValue(1);
	}

	@Test
	void eachCacheDirectoryHasItsOwnGeneration() {
		FileStore mine = open("mine");
		FileStore other = open("other");
		RecordingListener listener = subscribe(mine);
		this.poller.poll();
		other.put("k", VALUE, Duration.ZERO);
		other.clear();
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected");
	}

	@Test
	void aDeletedDirectoryDisconnectsUntilItIsCreatedAgain() throws IOException {
		FileStore a = open("near");
		FileStore b = open("near");
		RecordingListener listener = subscribe(a);
		this.poller.poll();
		deleteRecursively(this.root);
		this.poller.poll();
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "disconnected");
		b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "disconnected", "connected");
		b.put("j", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "disconnected", "connected", "invalidatedAll");
	}

	@Test
	void aControlFileThatIsNoRegularFileDisconnects() throws IOException {
		FileStore a = open("near");
		RecordingListener listener = subscribe(a);
		this.poller.poll();
		Path control = a.directory().resolve(FileLayout.CONTROL_FILE);
		Path moved = a.directory().resolve("moved.ctl");
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
		FileStore a = open("near");
		RecordingListener listener = subscribe(a);
		this.poller.poll();
		Path control = a.directory().resolve(FileLayout.CONTROL_FILE);
		Files.write(control, new byte[0]);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "disconnected");
	}

	@Test
	void aRecreatedControlFileStartsAtANewGeneration() throws IOException {
		FileStore a = open("near");
		FileStore b = open("near");
		RecordingListener listener = subscribe(a);
		this.poller.poll();
		long before = ControlFile.readGeneration(a.directory().resolve(FileLayout.CONTROL_FILE));
		Files.delete(a.directory().resolve(FileLayout.CONTROL_FILE));
		b.put("k", VALUE, Duration.ZERO);
		long after = ControlFile.readGeneration(a.directory().resolve(FileLayout.CONTROL_FILE));
		assertThat(after).isNotIn(before, before + 1, 1L, 2L);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "invalidatedAll");
	}

	@Test
	void closingTheSubscriptionStopsPollingForIt() {
		FileStore a = open("near");
		FileStore b = open("near");
		RecordingListener first = subscribe(a);
		RecordingListener second = new RecordingListener();
		Subscription subscription = a.invalidations().subscribe(second, this.poller);
		this.poller.poll();
		subscription.close();
		subscription.close();
		b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(second.events).containsExactly("connected");
		assertThat(first.events).containsExactly("connected", "invalidatedAll");
		assertThat(this.poller.isPolling()).isTrue();
	}

	@Test
	void closingTheStoreEndsItsSubscriptions() {
		FileStore a = open("near");
		FileStore b = open("near");
		RecordingListener listener = subscribe(a);
		this.poller.poll();
		this.opened.remove(a);
		a.close();
		assertThat(this.poller.isPolling()).isFalse();
		b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected");
	}

	@Test
	void aListenerThatThrowsDoesNotStopTheOthers() {
		FileStore a = open("near");
		FileStore b = open("near");
		a.invalidations().subscribe(new RecordingListener() {

			@Override
			public void invalidatedAll() {
				throw new IllegalStateException("broken listener");
			}

		}, this.poller);
		RecordingListener listener = subscribe(a);
		this.poller.poll();
		b.put("k", VALUE, Duration.ZERO);
		this.poller.poll();
		assertThat(listener.events).containsExactly("connected", "invalidatedAll");
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> tree = Files.walk(directory)) {
			for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
