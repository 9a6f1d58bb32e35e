package io.polycache.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Cluster-wide loading between two instances on one directory, as two processes on one machine. */
class FileSystemClusterLoadingTests extends AbstractClusterLoadingTests {

	@TempDir
	Path directory;

	@Override
	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.products.type=file-system",
					"cache.backends.products.file-system.directory=" + this.directory)
			.withPropertyValues(clusterProperties());
	}

}
