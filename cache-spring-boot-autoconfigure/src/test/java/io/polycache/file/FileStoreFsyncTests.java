package io.polycache.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code file-system.fsync}: what is forced, and in which order against the move into
 * place. A power cut cannot be staged in a test; what makes a write survive one is that
 * the entry's bytes are on the disk before its name points at them, and the name is on
 * the disk before the call returns. So the store here forces through a {@link DiskSync}
 * that really forces and also records what the directory looked like at each force.
 */
class FileStoreFsyncTests {

	private static final String KEY = "cache:v1:key";

	@TempDir
	Path root;

	private final Recording sync = new Recording();

	private FileStore open() throws IOException {
		return new FileStore(this.root, CacheSettings.defaults("cache"), ControlFile.DEFAULT_TIMEOUT, this.sync, Clock.systemUTC(), new StatsCounter(),
				new SplittableRandom(1), Runnable::run, Duration.ZERO);
	}

	private Path entryOf(FileStore store, String key) {
		return new FileLayout(store.directory().getParent(), "cache").entryFile(FileLayout.id(FileLayout.keyBytes(key)));
	}

	@Test
	void putForcesTheWholeFileBeforeItsMoveAndItsDirectoryAfter() throws IOException {
		try (FileStore store = open()) {
			Path entry = entryOf(store, KEY);
			this.sync.watch(entry);
			byte[] value = "first value".getBytes(StandardCharsets.UTF_8);
			store.put(KEY, value, Duration.ZERO);
			long length = EntryFile.HEADER_LENGTH + FileLayout.keyBytes(KEY).length + value.length;
			// The first entry of a fan-out directory makes its name durable in the cache's directory.
			assertThat(this.sync.events).containsExactly("directory " + store.directory() + ", entry absent",
					"file " + length + ", entry absent", "directory " + entry.getParent() + ", entry " + length);

			this.sync.events.clear();
			byte[] longer = "a longer second value".getBytes(StandardCharsets.UTF_8);
			store.put(KEY, longer, Duration.ZERO);
			long newLength = length + longer.length - value.length;
			assertThat(this.sync.events).containsExactly("file " + newLength + ", entry " + length,
					"directory " + entry.getParent() + ", entry " + newLength);
		}
	}

	@Test
	void putIfAbsentAndIncrementForceWhatTheyStoreAndNothingElse() throws IOException {
		try (FileStore store = open()) {
			Path entry = entryOf(store, KEY);
			this.sync.watch(entry);
			byte[] value = "v".getBytes(StandardCharsets.UTF_8);
			assertThat(store.putIfAbsent(KEY, value, Duration.ZERO)).isNull();
			assertThat(this.sync.entryEvents(store)).containsExactly("file " + Files.size(entry) + ", entry absent",
					"directory " + entry.getParent() + ", entry " + Files.size(entry));
			this.sync.watch(entry);
			assertThat(store.putIfAbsent(KEY, value, Duration.ZERO)).isEqualTo(value);
			// The staged file was forced and then discarded; the directory was not touched.
			assertThat(this.sync.events).singleElement().asString().startsWith("file ");

			Path counter = entryOf(store, "cache:v1:count");
			this.sync.watch(counter);
			store.increment("cache:v1:count", 5, Duration.ZERO);
			assertThat(this.sync.entryEvents(store)).containsExactly("file " + Files.size(counter) + ", entry absent",
					"directory " + counter.getParent() + ", entry " + Files.size(counter));
		}
	}

	@Test
	void removeAndClearForceTheDirectoriesAfterTheFilesAreGone() throws IOException {
		try (FileStore store = open()) {
			List<Path> entries = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				store.put("cache:v1:key-" + i, new byte[] { (byte) i }, Duration.ZERO);
				entries.add(entryOf(store, "cache:v1:key-" + i));
			}
			Path removed = entries.get(0);
			this.sync.watch(removed);
			assertThat(store.remove("cache:v1:key-0")).isTrue();
			assertThat(this.sync.events).containsExactly("directory " + removed.getParent() + ", entry absent");

			this.sync.events.clear();
			assertThat(store.remove("cache:v1:key-0")).isFalse();
			assertThat(this.sync.events).isEmpty();

			this.sync.watch(entries.get(1));
			store.clear();
			Set<String> fanOuts = entries.subList(1, entries.size())
				.stream()
				.map((entry) -> "directory " + entry.getParent() + ", entry absent")
				.collect(Collectors.toSet());
			assertThat(this.sync.events).containsAll(fanOuts);
			assertThat(this.sync.events).allSatisfy((event) -> assertThat(event).endsWith("entry absent"));
		}
	}

	@Test
	void realForcingWorksOnThisPlatformAndChangesNothingElse() throws IOException {
		try (FileStore store = new FileStore(this.root, CacheSettings.defaults("cache"), ControlFile.DEFAULT_TIMEOUT, DiskSync.ON, Clock.systemUTC(),
				new StatsCounter(), new SplittableRandom(1), Runnable::run, Duration.ZERO)) {
			byte[] value = new byte[100_000];
			new SplittableRandom(2).nextBytes(value);
			store.put(KEY, value, Duration.ZERO);
			assertThat((byte[]) store.get(KEY)).isEqualTo(value);
			assertThat(store.increment("cache:v1:count", 2, Duration.ZERO)).isEqualTo(2);
			assertThat(store.remove(KEY)).isTrue();
			store.clear();
			assertThat(store.size()).hasValue(0);
			assertThat(store).hasToString("file-system(" + store.directory() + ", fsync)");
		}
	}

	@Test
	void storesOpenWithoutFsyncByDefault() throws IOException {
		try (var store = FileStores.open(this.root, CacheSettings.defaults("cache"), Clock.systemUTC(),
				new StatsCounter())) {
			assertThat(store).hasToString("file-system(" + this.root.resolve("cache") + ")");
		}
	}

	/** Forces for real, and records each force with the watched entry file's length then. */
	private static final class Recording implements DiskSync {

		final List<String> events = Collections.synchronizedList(new ArrayList<>());

		private volatile Path watched = Path.of("none");

		/** Watches this entry file from now on, forgetting what was recorded before. */
		void watch(Path entry) {
			this.watched = entry;
			this.events.clear();
		}

		/** The events but those of a new fan-out directory's name. */
		List<String> entryEvents(FileStore store) {
			return this.events.stream().filter((event) -> !event.startsWith("directory " + store.directory() + ","))
					.toList();
		}

		@Override
		public void file(FileChannel channel) throws IOException {
			DiskSync.ON.file(channel);
			this.events.add("file " + channel.size() + ", " + watchedState());
		}

		@Override
		public void directory(Path directory) throws IOException {
			DiskSync.ON.directory(directory);
			this.events.add("directory " + directory + ", " + watchedState());
		}

		private String watchedState() throws IOException {
			return Files.exists(this.watched) ? "entry " + Files.size(this.watched) : "entry absent";
		}

	}

}
