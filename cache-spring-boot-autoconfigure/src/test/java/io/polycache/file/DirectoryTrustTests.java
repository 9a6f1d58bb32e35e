package io.polycache.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A directory another local user could change is refused, and whatever sits where an
 * entry should be is opened only if it is a regular file. The tests run as root here, so
 * they make the unsafe cases real: permission bits, links, FIFOs, and a directory given
 * to another uid with {@code chown}.
 */
class DirectoryTrustTests {

	private static final byte[] VALUE = "value".getBytes(StandardCharsets.UTF_8);

	/** Bounds a read that would block forever on a FIFO, so that the test fails instead. */
	private static final Duration NEVER_BLOCKS = Duration.ofSeconds(5);

	@TempDir
	Path temp;

	private final MutableClock clock = new MutableClock();

	private final List<FileStore> opened = new ArrayList<>();

	@AfterEach
	void closeStores() {
		this.opened.forEach(FileStore::close);
	}

	private FileStore open(Path root) throws IOException {
		CacheSettings settings = CacheSettings.builder("trusted").eviction(EvictionPolicy.LRU).build();
		FileStore store = new FileStore(root, settings, this.clock, new StatsCounter(), new SplittableRandom(5),
				Runnable::run, Duration.ZERO);
		this.opened.add(store);
		return store;
	}

	private static Path directory(Path path, String permissions) throws IOException {
		Files.createDirectories(path);
		Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
		return path;
	}

	@Test
	void missingRootIsCreatedOwnerOnlyWithEveryParent() throws IOException {
		Path root = this.temp.resolve("a/b/c");
		FileStore store = open(root);
		for (Path created : List.of(this.temp.resolve("a"), this.temp.resolve("a/b"), root, store.directory())) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).as(created.toString())
				.isEqualTo("rwx------");
		}
	}

	@Test
	void rootThatOnlyItsOwnerCanWriteIsAccepted() throws IOException {
		FileStore store = open(directory(this.temp.resolve("root"), "rwxr-xr-x"));
		store.put("k", VALUE, Duration.ZERO);
		assertThat((byte[]) store.get("k")).isEqualTo(VALUE);
	}

	@Test
	void groupWritableRootIsRefused() throws IOException {
		Path root = directory(this.temp.resolve("root"), "rwxrwx---");
		assertThatExceptionOfType(UnsafeDirectoryException.class).isThrownBy(() -> open(root))
			.satisfies((ex) -> {
				assertThat(ex.getDirectory()).isEqualTo(root);
				assertThat(ex.getReason()).contains("writable by its group").contains("rwxrwx---");
				assertThat(ex.getAction()).contains("chmod go-w " + root);
			});
	}

	@Test
	void worldWritableCacheDirectoryPlantedInAdvanceIsRefused() throws IOException {
		Path root = directory(this.temp.resolve("root"), "rwx------");
		Path planted = directory(root.resolve("trusted"), "rwxrwxrwx");
		assertThatExceptionOfType(UnsafeDirectoryException.class).isThrownBy(() -> open(root))
			.satisfies((ex) -> {
				assertThat(ex.getDirectory()).isEqualTo(planted);
				assertThat(ex.getReason()).contains("writable by others");
			});
		assertThat(planted.resolve(FileLayout.CONTROL_FILE)).doesNotExist();
	}

	@Test
	void symbolicLinkAsRootIsRefused() throws IOException {
		Path real = directory(this.temp.resolve("real"), "rwx------");
		Path link = Files.createSymbolicLink(this.temp.resolve("link"), real);
		assertThatExceptionOfType(UnsafeDirectoryException.class).isThrownBy(() -> open(link))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("symbolic link"));
	}

	@Test
	void symbolicLinkAsCacheDirectoryIsRefused() throws IOException {
		Path root = directory(this.temp.resolve("root"), "rwx------");
		Path elsewhere = directory(this.temp.resolve("elsewhere"), "rwx------");
		Files.createSymbolicLink(root.resolve("trusted"), elsewhere);
		assertThatExceptionOfType(UnsafeDirectoryException.class).isThrownBy(() -> open(root))
			.satisfies((ex) -> assertThat(ex.getDirectory()).isEqualTo(root.resolve("trusted")));
		assertThat(elsewhere).isEmptyDirectory();
	}

	@Test
	void directoryOwnedByAnotherUserIsRefused() throws IOException {
		Path root = directory(this.temp.resolve("root"), "rwx------");
		Files.setAttribute(root, "unix:uid", 65534);
		try {
			assertThatExceptionOfType(UnsafeDirectoryException.class).isThrownBy(() -> open(root))
				.satisfies((ex) -> assertThat(ex.getReason()).contains("owned by uid 65534"));
		}
		finally {
			Files.setAttribute(root, "unix:uid", Files.getAttribute(this.temp, "unix:uid"));
		}
	}

	@Test
	void fifoWhereAnEntryShouldBeIsAMissThatNeverBlocksAndIsRemoved() throws Exception {
		FileStore store = open(this.temp.resolve("root"));
		Path entry = entryFile(store, "k");
		mkfifo(entry);
		assertTimeoutPreemptively(NEVER_BLOCKS, () -> assertThat(store.get("k")).isNull());
		assertThat(Files.exists(entry, LinkOption.NOFOLLOW_LINKS)).isFalse();
		store.put("k", VALUE, Duration.ZERO);
		assertThat((byte[]) store.get("k")).isEqualTo(VALUE);
	}

	@Test
	void fifoFoundByTheScanIsRemovedWithoutBlocking() throws Exception {
		FileStore store = open(this.temp.resolve("root"));
		Path entry = entryFile(store, "k");
		mkfifo(entry);
		assertTimeoutPreemptively(NEVER_BLOCKS, store::rescan);
		assertThat(Files.exists(entry, LinkOption.NOFOLLOW_LINKS)).isFalse();
	}

	/**
	 * A link to a copy of the entry's own file: followed, it would read as the value, and
	 * the policy write-back would write into the copy.
	 */
	@Test
	void symbolicLinkWhereAnEntryShouldBeIsNeitherReadNorWrittenThrough() throws IOException {
		FileStore store = open(this.temp.resolve("root"));
		store.put("k", VALUE, Duration.ZERO);
		assertThat(store.get("k")).isNotNull();
		Path entry = entryFile(store, "k");
		Path target = Files.copy(entry, this.temp.resolve("target"));
		byte[] before = Files.readAllBytes(target);
		Files.delete(entry);
		Files.createSymbolicLink(entry, target);
		store.removeExpired();
		assertThat(Files.readAllBytes(target)).as("the link's target after the write-back").isEqualTo(before);
		assertThat(store.get("k")).isNull();
		assertThat(Files.exists(entry, LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(Files.readAllBytes(target)).isEqualTo(before);
	}

	@Test
	void symbolicLinkAsFanOutDirectoryIsNotScanned() throws IOException {
		FileStore store = open(this.temp.resolve("root"));
		Path elsewhere = directory(this.temp.resolve("elsewhere"), "rwx------");
		Path victim = Files.write(elsewhere.resolve("0".repeat(32) + FileLayout.ENTRY_SUFFIX), VALUE);
		Files.createSymbolicLink(store.directory().resolve("00"), elsewhere);
		store.rescan();
		store.clear();
		assertThat(victim).exists().hasBinaryContent(VALUE);
	}

	private static Path entryFile(FileStore store, String key) {
		return new FileLayout(store.directory().getParent(), store.directory().getFileName().toString())
			.entryFile(FileLayout.id(FileLayout.keyBytes(key)));
	}

	private static void mkfifo(Path path) throws IOException, InterruptedException {
		Files.createDirectories(path.getParent());
		Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
		assertThat(mkfifo.waitFor()).isZero();
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			throw new UncheckedIOException(new IOException("mkfifo made nothing at " + path));
		}
	}

}
