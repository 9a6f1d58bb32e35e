package io.polycache.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import io.polycache.internal.FailOpenStore;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cache.backends.<name>.file-system.fsync} reaches the store, and is off by default. */
class FileSystemFsyncConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.thumbnails.type=file-system",
					"cache.backends.thumbnails.file-system.directory=" + this.directory);
	}

	@Test
	void fsyncIsOffByDefault() {
		runner().run((context) -> assertThat(store(context.getBean(CacheManager.class)))
			.hasToString("file-system(" + this.directory.resolve("thumbnails") + ")"));
	}

	@Test
	void fsyncTrueMakesTheStoreForceEveryWrite() {
		runner().withPropertyValues("cache.backends.thumbnails.file-system.fsync=true").run((context) -> {
			CacheManager manager = context.getBean(CacheManager.class);
			assertThat(store(manager)).hasToString("file-system(" + this.directory.resolve("thumbnails") + ", fsync)");
			Cache cache = manager.getCache("thumbnails");
			cache.put("k", "v");
			assertThat(cache.get("k", String.class)).isEqualTo("v");
		});
	}

	private static Object store(CacheManager manager) {
		return ((FailOpenStore) manager.getCache("thumbnails").getNativeCache()).delegate();
	}

}
