package io.polycache.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the file-system backend keeps its files when no directory is configured. */
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

}
