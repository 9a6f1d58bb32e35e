package io.polycache.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.ExpirySweeper;
import io.polycache.internal.FailOpenStore;
import io.polycache.internal.StatsCounter;
import io.polycache.internal.StoreCache;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.OpenedStore;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testfixtures.TestAssembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the file store does when its files or its directory are not what it wrote: every
 * bad case of the issue, one test each, on the store directly (byte values).
 */
class FileStoreFaultTests {

	private static final byte[] VALUE = "value".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path root;

	private final MutableClock clock = new MutableClock();

	private final List<FileStore> opened = new ArrayList<>();

	@AfterEach
	void closeStores() {
		this.opened.forEach(FileStore::close);
	}

	private FileStore open(String name) {
		return open(CacheSettings.defaults(name), Runnable::run);
	}

	private FileStore open(CacheSettings settings, Executor indexBuilder) {
		try {
			FileStore store = new FileStore(this.root, settings, this.clock, new StatsCounter(), new SplittableRandom(3),
					indexBuilder, Duration.ZERO);
			this.opened.add(store);
			return store;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path fileOf(FileStore store, String key) {
		return new FileLayout(store.directory().getParent(), store.directory().getFileName().toString())
			.entryFile(FileLayout.id(FileLayout.keyBytes(key)));
	}

	@Test
	void corruptFileIsAMissAndIsRemoved() throws IOException {
		FileStore store = open("faults");
		store.put("k", VALUE, Duration.ZERO);
		Path file = fileOf(store, "k");
		byte[] bytes = Files.readAllBytes(file);
		bytes[bytes.length - 1] ^= 0x01;
		Files.write(file, bytes);
		assertThat(store.get("k")).isNull();
		assertThat(file).doesNotExist();
		assertThat(store.size()).hasValue(0);
	}

	@Test
	void truncatedFileIsAMissAndIsRemoved() throws IOException {
		FileStore store = open("faults");
		store.put("short", VALUE, Duration.ZERO);
		store.put("headerOnly", VALUE, Duration.ZERO);
		truncate(fileOf(store, "short"), 20);
		truncate(fileOf(store, "headerOnly"), EntryFile.HEADER_LENGTH + FileLayout.keyBytes("headerOnly").length);
		assertThat(store.get("short")).isNull();
		assertThat(store.contains("headerOnly")).isFalse();
		assertThat(fileOf(store, "short")).doesNotExist();
		assertThat(fileOf(store, "headerOnly")).doesNotExist();
		assertThat(store.size()).hasValue(0);
	}

	@Test
	void foreignFileIsAMissAndIsRemoved() throws IOException {
		FileStore store = open("faults");
		store.put("k", VALUE, Duration.ZERO);
		Files.writeString(fileOf(store, "k"), "not a cache file, but long enough to have a header of some kind");
		assertThat(store.get("k")).isNull();
		assertThat(fileOf(store, "k")).doesNotExist();
	}

	@Test
	void fileOfAFutureFormatIsAMissAndIsRemoved() throws IOException {
		FileStore store = open("faults");
		store.put("k", VALUE, Duration.ZERO);
		try (FileChannel channel = FileChannel.open(fileOf(store, "k"), StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.allocate(2).putShort(0, (short) 2), 4);
		}
		assertThat(store.get("k")).isNull();
		assertThat(fileOf(store, "k")).doesNotExist();
	}

	@Test
	void fileCopiedFromAnotherCacheIsAMissAndIsRemoved() throws IOException {
		FileStore products = open("products");
		FileStore prices = open("prices");
		products.put("products:k", VALUE, Duration.ZERO);
		prices.put("prices:k", "mine".getBytes(StandardCharsets.UTF_8), Duration.ZERO);
		Files.copy(fileOf(products, "products:k"), fileOf(prices, "prices:k"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		assertThat(prices.get("prices:k")).isNull();
		assertThat(fileOf(prices, "prices:k")).doesNotExist();
		assertThat(products.get("products:k")).isEqualTo(VALUE);
	}

	@Test
	void hashCollisionIsAMissNeverAnotherKeysValue() throws IOException {
		// No SHA-256 collision is at hand; the file format's own check is what decides.
		Path file = this.root.resolve("entry");
		byte[] key = FileLayout.keyBytes("one");
		ByteBuffer header = EntryFile.headerAndKey(key, VALUE, EntryFile.NEVER, new EntryFile.Policy(1, 1, 1));
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			channel.write(new ByteBuffer[] { header, ByteBuffer.wrap(VALUE) });
		}
		assertThat(read(file, FileLayout.keyBytes("two"))).isInstanceOf(EntryFile.OtherKey.class);
		assertThat(read(file, FileLayout.keyBytes("a longer key"))).isInstanceOf(EntryFile.OtherKey.class);
		assertThat(read(file, key)).isInstanceOf(EntryFile.Found.class);
	}

	private static EntryFile.Read read(Path file, byte[] key) throws IOException {
		try (FileChannel input = FileChannel.open(file, StandardOpenOption.READ)) {
			return EntryFile.read(input, key);
		}
	}

	@Test
	void keysOfAnyLengthAndContentAreSafe() throws IOException {
		FileStore store = open("keys");
		List<String> keys = List.of("/", "/etc/passwd", "../../escape", "..", ".", "a/b\\c", "nul\u0000byte", "",
				" ", "\n\t", "x".repeat(10_000), "\uD800", "\uDC00", "\uD83D\uDE00", "%2e%2e%2f", "CON", "k:v1:k");
		for (int i = 0; i < keys.size(); i++) {
			store.put(keys.get(i), new byte[] { (byte) i }, Duration.ZERO);
		}
		for (int i = 0; i < keys.size(); i++) {
			assertThat((byte[]) store.get(keys.get(i))).as("key #%d", i).containsExactly((byte) i);
		}
		assertThat(store.size()).hasValue(keys.size());
		try (Stream<Path> files = Files.walk(this.root)) {
			assertThat(files.filter(Files::isRegularFile)).allSatisfy(file -> assertThat(file).startsWith(store.directory()));
		}
	}

	@Test
	void directoryDeletedWhileRunningIsRecreated() throws IOException {
		FileStore store = open("deleted");
		store.put("before", VALUE, Duration.ZERO);
		deleteRecursively(this.root);
		assertThat(store.get("before")).isNull();
		store.put("after", VALUE, Duration.ZERO);
		assertThat(store.get("after")).isEqualTo(VALUE);
		assertThat(store.size()).hasValue(1);
		if (posix()) {
			assertThat(Files.getPosixFilePermissions(store.directory())).isEqualTo(ownerOnly("rwx------"));
		}
	}

	@Test
	void filesAndDirectoriesAreOwnerOnly() throws IOException {
		FileStore store = open("private");
		store.put("k", VALUE, Duration.ZERO);
		if (!posix()) {
			assertThat(FileSystems.getDefault().supportedFileAttributeViews()).doesNotContain("posix");
			return;
		}
		Path file = fileOf(store, "k");
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(ownerOnly("rw-------"));
		assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(ownerOnly("rwx------"));
		assertThat(Files.getPosixFilePermissions(store.directory())).isEqualTo(ownerOnly("rwx------"));
		assertThat(Files.getPosixFilePermissions(store.directory().resolve(FileLayout.CONTROL_FILE)))
			.isEqualTo(ownerOnly("rw-------"));
	}

	/**
	 * A read-only directory makes writes fail: quietly under fail-open, with an exception
	 * without it, while what is stored stays readable. Running as root, permission bits do
	 * not stop writes, so there the lock file every write takes is replaced by a directory,
	 * which fails writes the same way; the test says which case ran, and never skips.
	 */
	@Test
	void readOnlyDirectoryFailsWritesCleanlyAndKeepsEntriesReadable() throws IOException {
		FileStore store = open("readonly");
		CacheSettings settings = CacheSettings.defaults("readonly");
		StoreCache<String, byte[]> cache = StoreCache.builder(settings, new OpenedStore<>(
				new FailOpenStore<>("readonly", store), KeyNamespace.of(settings).keys(), TestAssembly.jdkCodec()))
			.build();
		cache.put("kept", "value");
		boolean permissionsBind = makeReadOnly(store.directory());
		try {
			if (!permissionsBind) {
				assertThat(System.getProperty("user.name")).as("only root writes through permission bits")
					.isEqualTo("root");
				Path control = store.directory().resolve(FileLayout.CONTROL_FILE);
				Files.delete(control);
				Files.createDirectory(control);
			}
			cache.put("new", "value");
			assertThat(cache.get("new")).isNull();
			assertThat(cache.get("kept", String.class)).isEqualTo("value");
			assertThatExceptionOfType(UncheckedIOException.class)
				.isThrownBy(() -> store.put("strict", VALUE, Duration.ZERO));
			assertThat(cache.get("kept", String.class)).isEqualTo("value");
		}
		finally {
			makeWritable(store.directory());
		}
	}

	@Test
	void staleTemporaryFilesAreRemovedAtStartUpAndFreshOnesKept() throws IOException {
		FileStore store = open("crashed");
		store.put("k", VALUE, Duration.ZERO);
		Path fanOut = fileOf(store, "k").getParent();
		String id = FileLayout.idOf(fileOf(store, "k"));
		Path stale = Files.write(fanOut.resolve(id + ".dead.tmp"), VALUE);
		Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
		Path fresh = Files.write(fanOut.resolve(id + ".busy.tmp"), VALUE);
		open("crashed");
		assertThat(stale).doesNotExist();
		assertThat(fresh).exists();
		assertThat(store.get("k")).isEqualTo(VALUE);
	}

	@Test
	void expiredFilesAreReclaimedInTheBackground() throws Exception {
		FileStore store = open("expiring");
		store.put("short", VALUE, Duration.ofSeconds(1));
		store.put("long", VALUE, Duration.ofHours(1));
		this.clock.advance(Duration.ofSeconds(2));
		try (ExpirySweeper sweeper = new ExpirySweeper(Duration.ofMillis(20))) {
			sweeper.register("expiring", store);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (Files.exists(fileOf(store, "short")) && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
		}
		assertThat(fileOf(store, "short")).doesNotExist();
		assertThat(fileOf(store, "long")).exists();
	}

	@Test
	void entriesAreReadableWhileTheIndexIsRebuiltAndTheBoundHoldsWithinTheSlack() {
		CacheSettings settings = CacheSettings.builder("big").maxEntries(100).eviction(EvictionPolicy.FIFO).build();
		FileStore first = open(settings, Runnable::run);
		for (int i = 0; i < 100; i++) {
			first.put("old" + i, VALUE, Duration.ZERO);
		}
		first.close();
		List<Runnable> held = new ArrayList<>();
		FileStore store = open(settings, held::add);
		assertThat(store.isIndexed()).isFalse();
		for (int i = 0; i < 100; i += 10) {
			assertThat(store.get("old" + i)).isEqualTo(VALUE);
		}
		for (int i = 0; i < 40; i++) {
			store.put("new" + i, VALUE, Duration.ZERO);
			assertThat(store.size().getAsLong()).isLessThanOrEqualTo(100 + store.slack());
		}
		held.forEach(Runnable::run);
		assertThat(store.isIndexed()).isTrue();
		store.put("last", VALUE, Duration.ZERO);
		assertThat(store.size()).hasValue(100);
		assertThat(store.get("last")).isEqualTo(VALUE);
	}

	private static void truncate(Path file, long length) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.truncate(length);
		}
	}

	private static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

	private static Set<PosixFilePermission> ownerOnly(String permissions) {
		return PosixFilePermissions.fromString(permissions);
	}

	/** Makes the directory tree read-only; whether that stops this process writing. */
	private static boolean makeReadOnly(Path directory) throws IOException {
		try (Stream<Path> tree = Files.walk(directory)) {
			for (Path path : tree.filter(Files::isDirectory).toList()) {
				Files.setPosixFilePermissions(path, ownerOnly("r-x------"));
			}
		}
		try {
			Files.delete(Files.createTempFile(directory, "probe", ".tmp"));
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static void makeWritable(Path directory) throws IOException {
		try (Stream<Path> tree = Files.walk(directory)) {
			for (Path path : tree.filter(Files::isDirectory).toList()) {
				Files.setPosixFilePermissions(path, ownerOnly("rwx------"));
			}
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		try (Stream<Path> tree = Files.walk(directory)) {
			for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
