package io.polycache.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import io.polycache.core.ExtendedCache;
import io.polycache.internal.FailOpenStore;
import io.polycache.spi.PolycacheConfigurationException;

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
	void unsafeDirectoryStopsStartupSayingWhatIsWrongAndHowToFixIt() throws IOException {
		Path shared = Files.createDirectory(this.directory.resolve("shared"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		runner().withPropertyValues("cache.backends.thumbnails.file-system.directory=" + shared)
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(PolycacheConfigurationException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("cache.backends.thumbnails.file-system.directory");
					assertThat(ex.getReason()).contains("another local user").contains("writable by others");
					assertThat(ex.getAction()).contains("chmod go-w " + shared);
				}));
	}

	@Test
	void misspelledFileSystemPropertyStopsStartupNamingTheClosestOne() {
		runner().withPropertyValues("cache.backends.thumbnails.file-system.fsynk=true")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.backends.thumbnails.file-system.fsynk")
				.hasMessageContaining("did you mean fsync?"));
	}

	@Test
	void nonPositiveLockTimeoutStopsStartupNamingTheProperty() {
		runner().withPropertyValues("cache.backends.thumbnails.file-system.lock-timeout=0s")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.backends.thumbnails.file-system.lock-timeout"));
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

	/**
	 * Two contexts of one JVM on one directory, written from four threads at once: first
	 * a key set that fits (no write may be lost), then one four times the bound (the
	 * bound must hold within the slack). Closing one leaves the other working. Not
	 * fail-open, so that a write that fails is a test failure rather than a log line.
	 */
	@Test
	void twoContextsShareOneDirectoryWithoutLosingWritesAndWithinTheBound() {
		int bound = 100;
		ApplicationContextRunner runner = runner().withPropertyValues("cache.backends.thumbnails.max-entries=" + bound,
				"cache.backends.thumbnails.fail-open=false");
		runner.run(first -> {
			ExtendedCache one = thumbnails(first.getBean(CacheManager.class));
			runner.run(second -> {
				ExtendedCache two = thumbnails(second.getBean(CacheManager.class));
				Map<String, Set<String>> written = new ConcurrentHashMap<>();
				writeConcurrently(List.of(one, two), 60, 20, written);
				assertThat(written).hasSize(60);
				written.forEach((key, values) -> {
					for (ExtendedCache cache : List.of(one, two)) {
						assertThat(cache.get(key)).as(key).isNotNull();
						assertThat(values).as(key).contains((String) cache.get(key).get());
					}
				});
				writeConcurrently(List.of(one, two), 4 * bound, 2, new ConcurrentHashMap<>());
				assertThat(entryFiles()).isBetween((long) bound - 10, (long) bound + 10);
				assertThat(one.size()).hasValue(entryFiles());
			});
			one.put("after", "the other closed");
			assertThat(one.get("after")).isNotNull().extracting(Cache.ValueWrapper::get).isEqualTo("the other closed");
			assertThat(one.increment("views", 3)).isEqualTo(3);
			assertThat(one.size()).hasValue(entryFiles());
		});
	}

	/** Four threads, two per cache, each writing every key {@code rounds} times. */
	private static void writeConcurrently(List<ExtendedCache> caches, int keys, int rounds,
			Map<String, Set<String>> written) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				ExtendedCache cache = caches.get(t % caches.size());
				int thread = t;
				done.add(executor.submit(() -> {
					for (int round = 0; round < rounds; round++) {
						for (int k = 0; k < keys; k++) {
							String key = "key-" + ((k + thread * 7) % keys);
							String value = thread + ":" + round + ":" + key;
							written.computeIfAbsent(key, (any) -> ConcurrentHashMap.newKeySet()).add(value);
							cache.put(key, value);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private long entryFiles() throws IOException {
		try (Stream<Path> files = Files.walk(this.directory.resolve("thumbnails"))) {
			return files.filter((file) -> file.toString().endsWith(".entry")).count();
		}
	}

	private static ExtendedCache thumbnails(CacheManager manager) {
		return (ExtendedCache) manager.getCache("thumbnails");
	}

}
