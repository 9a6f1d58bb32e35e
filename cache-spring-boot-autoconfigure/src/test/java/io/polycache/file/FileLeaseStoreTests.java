package io.polycache.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.spi.LeaseStore;
import io.polycache.spi.Leases;
import io.polycache.spi.OpenedStore;
import io.polycache.testfixtures.AbstractLeaseStoreTests;
import io.polycache.testfixtures.FixedStoreContext;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lease contract on the file system: every store of a test opens the same directory,
 * as processes sharing it would, and the leases' clock is moved by hand. A lease file is
 * never an entry, and what is found at its path (garbage, a larger file, a FIFO, a link)
 * reads as no lease.
 */
class FileLeaseStoreTests extends AbstractLeaseStoreTests {

	@TempDir
	Path root;

	private final MutableClock clock = new MutableClock(1_700_000_000_000L);

	private Process holder;

	private Duration lockTimeout = FileStores.DEFAULT_LOCK_TIMEOUT;

	@AfterEach
	void stopHolder() throws InterruptedException {
		if (this.holder != null) {
			this.holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Override
	protected OpenedStore<String, byte[]> open(String cacheName) {
		FileSystemProvider provider = new FileSystemProvider();
		assertThat(provider.traits().holdsLeases()).isTrue();
		FileSystemProperties properties = new FileSystemProperties();
		properties.setDirectory(this.root);
		properties.setLockTimeout(this.lockTimeout);
		return provider.open(new FixedStoreContext(CacheSettings.builder(cacheName).maxEntries(100).build(),
				this.clock, properties));
	}

	@Override
	protected Duration shortTtl() {
		return Duration.ofMillis(1);
	}

	@Override
	protected void passShortTtl(LeaseStore store, String key) {
		this.clock.advance(Duration.ofMillis(1));
	}

	@Override
	protected void plant(String leaseKey, byte[] bytes) {
		try {
			Path file = fileOf("hostile", leaseKey);
			Files.createDirectories(file.getParent());
			Files.write(file, bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A store whose leases' lock another process holds: a change fails within the lock timeout. */
	@Override
	protected LeaseStore unreachable() {
		return heldByAnotherProcess("down");
	}

	private LeaseStore heldByAnotherProcess(String cacheName) {
		this.lockTimeout = Duration.ofMillis(300);
		Leases leases = leases(cacheName);
		Path lockFile = this.root.resolve(cacheName).resolve(FileLeases.DIRECTORY).resolve(FileLeases.LOCK_FILE);
		try {
			this.holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
					System.getProperty("java.class.path"), LockHolderWorker.class.getName(), lockFile.toString())
				.redirectErrorStream(true)
				.start();
			BufferedReader output = new BufferedReader(
					new InputStreamReader(this.holder.getInputStream(), StandardCharsets.UTF_8));
			assertThat(output.readLine()).isEqualTo("locked");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return leases.store();
	}

	/** Reads take no lock, so they work on while another process holds it. */
	@Override
	protected boolean readsOfAnUnreachableStoreFail() {
		return false;
	}

	private Path fileOf(String cacheName, String leaseKey) {
		return this.root.resolve(cacheName).resolve(FileLeases.DIRECTORY).resolve(FileLeases.fileName(leaseKey));
	}

	@Test
	void aLeaseIsASmallFileInTheLeasesDirectoryThatScansNeverCount() throws IOException {
		OpenedStore<String, byte[]> opened = opened("files");
		Leases leases = opened.leases();
		String key = leases.keys().toStoreKey("k");
		assertThat(leases.store().compareAndSet(key, null, "token", LONG)).isTrue();
		Path file = fileOf("files", key);
		assertThat(file).isRegularFile().hasFileName(FileLeases.fileName(key));
		assertThat(Files.size(file)).isLessThanOrEqualTo(FileLeases.MAX_FILE_BYTES);
		assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
		opened.store().put(opened.keys().toStoreKey("entry"), new byte[] { 1 }, LONG);

		FileStore store = (FileStore) opened.store();
		assertThat(DirectoryScan.entryFiles(store.directory())).hasSize(1);
		assertThat(store.removeExpired()).isZero();
		assertThat(store.size()).isEqualTo(OptionalLong.of(1));
		FileStore reopened = (FileStore) open("files").store();
		try {
			assertThat(reopened.size()).isEqualTo(OptionalLong.of(1));
			assertThat(reopened.leases().get(key)).isEqualTo("token");
		}
		finally {
			reopened.close();
		}
		assertThat(file).exists();
	}

	@Test
	void whatElseIsAtALeasePathReadsAsNoLeaseAndIsReplaced() throws Exception {
		Leases leases = leases("odd");
		String fifo = leases.keys().toStoreKey("fifo");
		String link = leases.keys().toStoreKey("link");
		String otherKey = leases.keys().toStoreKey("other key");
		assertThat(leases.store().compareAndSet(otherKey, null, "token", LONG)).isTrue();
		Path directory = fileOf("odd", fifo).getParent();
		assertThat(new ProcessBuilder("mkfifo", directory.resolve(FileLeases.fileName(fifo)).toString()).start().waitFor())
			.isZero();
		Files.createSymbolicLink(directory.resolve(FileLeases.fileName(link)), fileOf("odd", otherKey));
		// The other key's lease, copied to this key's path: a file of another key is no lease of this one.
		String copied = leases.keys().toStoreKey("copied");
		Files.copy(fileOf("odd", otherKey), directory.resolve(FileLeases.fileName(copied)));

		for (String key : List.of(fifo, link, copied)) {
			assertThat(leases.store().get(key)).as(key).isNull();
			assertThat(leases.store().compareAndSet(key, null, "mine", LONG)).as(key).isTrue();
			assertThat(leases.store().get(key)).as(key).isEqualTo("mine");
			assertThat(Files.isRegularFile(fileOf("odd", key), LinkOption.NOFOLLOW_LINKS)).isTrue();
		}
		assertThat(leases.store().get(otherKey)).as("the link's target is untouched").isEqualTo("token");
	}

	@Test
	void aChangeFailsWhileAnotherProcessHoldsTheLockAndReadsGoOn() throws Exception {
		Leases before = leases("held");
		String key = before.keys().toStoreKey("k");
		assertThat(before.store().compareAndSet(key, null, "token", LONG)).isTrue();
		LeaseStore store = heldByAnotherProcess("held");
		assertThat(store.get(key)).isEqualTo("token");
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> store.compareAndSet(key, "token", null, LONG))
			.havingCause()
			.withMessageContaining("Timed out");
		this.holder.getOutputStream().close();
		assertThat(this.holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(store.compareAndSet(key, "token", null, LONG)).isTrue();
	}

}
