package io.polycache.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import io.polycache.core.ExtendedCache;
import io.polycache.core.FailOpenStore;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code file-system} backend as an application configures it. */
class FileSystemBackendConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.thumbnails.type=file-system",
					"cache.backends.thumbnails.max-entries=500",
					"cache.backends.thumbnails.file-system.directory=" + this.directory);
	}

	@Test
	void everyValueWrittenThroughOneContextIsReadThroughTheNext() {
		Map<String, Object> values = values();
		runner().run(context -> {
			ExtendedCache cache = thumbnails(context.getBean(CacheManager.class));
			values.forEach(cache::put);
			cache.put("nothing", null);
			assertThat(cache.increment("views", 41)).isEqualTo(41);
		});
		runner().run(context -> {
			ExtendedCache cache = thumbnails(context.getBean(CacheManager.class));
			values.forEach((key, value) -> assertThat(cache.get(key)).as(key)
				.isNotNull()
				.extracting(Cache.ValueWrapper::get)
				.isEqualTo(value));
			assertThat(cache.get("nothing")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
			assertThat(cache.increment("views", 1)).isEqualTo(42);
			assertThat(cache.size()).hasValue(values.size() + 2);
		});
	}

	private static Map<String, Object> values() {
		Map<String, Object> values = new java.util.LinkedHashMap<>();
		for (int i = 0; i < 200; i++) {
			values.put("thumb-" + i, "image " + i + " ".repeat(i));
		}
		values.put("number", 42L);
		values.put("date", LocalDate.of(2024, 2, 29));
		values.put("list", new ArrayList<>(List.of("a", "b")));
		values.put("bytes", new byte[] { 1, 2, 3 });
		return values;
	}

	@Test
	void storesAreFailOpenAndKeepTheirFilesInASubdirectoryNamedAfterTheCache() {
		runner().run(context -> {
			ExtendedCache cache = thumbnails(context.getBean(CacheManager.class));
			assertThat(((Cache) cache).getNativeCache()).isInstanceOf(FailOpenStore.class);
			cache.put("k", "v");
			assertThat(this.directory.resolve("thumbnails")).isDirectory();
		});
	}

	@Test
	void directoryDefaultsToPolycacheUnderTheTemporaryDirectory() {
		assertThat(FileSystemBackendConfiguration.directory(new PolycacheProperties.Backend()))
			.isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "polycache"));
	}

	@Test
	void directoryThatCannotBeCreatedStopsStartupNamingTheProperty() throws IOException {
		Path file = Files.writeString(this.directory.resolve("a-file"), "not a directory");
		runner().withPropertyValues("cache.backends.thumbnails.file-system.directory=" + file.resolve("cache"))
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.backends.thumbnails.file-system.directory")
				.hasMessageContaining("cannot be created or written"));
	}

	/**
	 * A directory without write permission stops start-up. Root writes through permission
	 * bits, so there the test asserts that the application starts, rather than skipping.
	 */
	@Test
	void directoryThatCannotBeWrittenStopsStartup() throws IOException {
		Path readOnly = Files.createDirectory(this.directory.resolve("read-only"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
		boolean root = Files.isWritable(readOnly);
		ApplicationContextRunner runner = runner()
			.withPropertyValues("cache.backends.thumbnails.file-system.directory=" + readOnly);
		try {
			if (root) {
				assertThat(System.getProperty("user.name")).isEqualTo("root");
				runner.run(context -> assertThat(context).hasNotFailed());
			}
			else {
				runner.run(context -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(PolycacheConfigurationException.class)
					.hasMessageContaining("cache.backends.thumbnails.file-system.directory"));
			}
		}
		finally {
			Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
		}
	}

	private static ExtendedCache thumbnails(CacheManager manager) {
		return (ExtendedCache) manager.getCache("thumbnails");
	}

}
