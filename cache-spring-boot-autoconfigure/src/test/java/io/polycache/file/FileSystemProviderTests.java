package io.polycache.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.NearSettings;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.InvalidationChannel;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.StoreContext;
import io.polycache.spi.StoreEvents;
import io.polycache.spi.ValueCodec;
import io.polycache.testfixtures.TestAssembly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the file-system backend keeps its files when no directory is configured, and which
 * caches get its invalidation channel.
 */
class FileSystemProviderTests {

	@TempDir
	Path directory;

	@Test
	void directoryDefaultsToPolycacheUnderTheUsersCacheDirectory() {
		assertThat(FileSystemProvider.defaultDirectory("/run/user/cache", "/home/ann"))
			.isEqualTo(Path.of("/run/user/cache/polycache"));
		assertThat(FileSystemProvider.defaultDirectory(null, "/home/ann"))
			.isEqualTo(Path.of("/home/ann/.cache/polycache"));
		assertThat(FileSystemProvider.defaultDirectory("", "/home/ann"))
			.isEqualTo(Path.of("/home/ann/.cache/polycache"));
		assertThat(FileSystemProvider.defaultDirectory("relative/cache", "/home/ann"))
			.isEqualTo(Path.of("/home/ann/.cache/polycache"));
		assertThat(FileSystemProvider.directory(null))
			.isEqualTo(FileSystemProvider.defaultDirectory(System.getenv("XDG_CACHE_HOME"),
					System.getProperty("user.home")))
			.isNotEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "polycache"));
	}

	/** The default directory, made in a home of our own, is private: 700 from .cache down. */
	@Test
	void defaultDirectoryIsCreatedOwnerOnly() throws IOException {
		Path home = Files.createDirectory(this.directory.resolve("home"));
		Path root = FileSystemProvider.defaultDirectory(null, home.toString());
		FileStores.open(root, CacheSettings.defaults("thumbnails"), Clock.systemUTC(), new StatsCounter()).close();
		for (Path created : List.of(home.resolve(".cache"), root, root.resolve("thumbnails"))) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).as(created.toString())
				.isEqualTo("rwx------");
		}
	}

	@Test
	void onlyACacheWithANearTierGetsTheInvalidationChannel() throws InterruptedException {
		FileSystemProvider provider = new FileSystemProvider();
		assertThat(provider.traits().pushesInvalidations()).isTrue();
		OpenedStore<String, byte[]> plain = provider.open(context(CacheSettings.defaults("plain")));
		OpenedStore<String, byte[]> near = provider.open(context(CacheSettings.builder("near")
			.near(new NearSettings(100, Duration.ZERO, EvictionPolicy.LRU))
			.build()));
		try {
			assertThat(plain.invalidations()).isNull();
			InvalidationChannel channel = near.invalidations();
			assertThat(channel).isInstanceOf(ControlFileChannel.class);
			RecordingListener listener = new RecordingListener();
			try (InvalidationChannel.Subscription subscription = channel.subscribe(listener)) {
				long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
				while (listener.connected.get() == 0 && System.nanoTime() < deadline) {
					Thread.sleep(1);
				}
				assertThat(listener.events).containsExactly("connected");
			}
		}
		finally {
			plain.store().close();
			near.store().close();
		}
	}

	private StoreContext context(CacheSettings settings) {
		return new StoreContext() {

			@Override
			public CacheSettings settings() {
				return settings;
			}

			@Override
			public Clock clock() {
				return Clock.systemUTC();
			}

			@Override
			public StoreEvents events() {
				return new StatsCounter();
			}

			@Override
			public KeyNamespace namespace() {
				return KeyNamespace.of(settings);
			}

			@Override
			public ValueCodec<byte[]> serializer() {
				return TestAssembly.jdkCodec();
			}

			@Override
			public <T> T properties(Class<T> type) {
				FileSystemProperties properties = new FileSystemProperties();
				properties.setDirectory(FileSystemProviderTests.this.directory);
				return type.cast(properties);
			}

		};
	}

}
