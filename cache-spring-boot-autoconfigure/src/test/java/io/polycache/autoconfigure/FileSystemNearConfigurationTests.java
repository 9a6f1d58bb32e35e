package io.polycache.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file-system cache may have a near tier without {@code near.ttl}: the backend pushes
 * invalidations (by polling its control file), so a near copy need not expire to be
 * corrected. Memcached, which cannot, still needs one.
 */
class FileSystemNearConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class));

	@Test
	void aFileSystemNearTierNeedsNoTtl() {
		this.runner
			.withPropertyValues("cache.backends.thumbnails.type=file-system",
					"cache.backends.thumbnails.file-system.directory=" + this.directory,
					"cache.backends.thumbnails.near.max-entries=100")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CacheManager.class).getCacheNames()).contains("thumbnails");
			});
	}

	@Test
	void aMemcachedNearTierStillNeedsATtl() {
		this.runner
			.withPropertyValues("cache.backends.quotes.type=memcached", "cache.backends.quotes.near.max-entries=100")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cache.backends.quotes.near.ttl"));
	}

}
