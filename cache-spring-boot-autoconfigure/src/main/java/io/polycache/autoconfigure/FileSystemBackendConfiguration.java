package io.polycache.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.autoconfigure.PolycacheProperties.Backend;
import io.polycache.core.CacheStore;
import io.polycache.file.FileStores;

/**
 * The {@code file-system} backend: built in, as it needs nothing beyond the JDK. Each
 * cache keeps its files under {@code cache.backends.<name>.file-system.directory}
 * (by default {@code ${java.io.tmpdir}/polycache}), in a subdirectory of its own; a
 * directory that cannot be created or written stops start-up, naming that property.
 * {@code cache.backends.<name>.file-system.fsync} makes every write wait for the disk.
 */
@Configuration(proxyBeanMethods = false)
class FileSystemBackendConfiguration {

	@Bean
	BackendFactory fileSystemBackendFactory(PolycacheProperties properties) {
		return BackendFactory.shared(BackendType.FILE_SYSTEM, (settings, context) -> {
			Backend backend = properties.getBackends().get(settings.name());
			Path root = directory(backend);
			boolean fsync = backend != null && backend.getFileSystem().isFsync();
			CacheStore store;
			try {
				store = FileStores.open(root, settings, fsync, context.clock(), context.stats());
			}
			catch (IOException | RuntimeException ex) {
				throw new PolycacheConfigurationException(
						"cache.backends." + settings.name() + ".file-system.directory", root,
						"the directory cannot be created or written (" + ex + ")",
						"Point it at a directory this application's user can create and write, "
								+ "or fix the permissions of " + root + ".");
			}
			context.sweeper().register(settings.name(), store);
			return store;
		}, FileStores::keyMapper);
	}

	/** The configured directory, or {@code ${java.io.tmpdir}/polycache}. */
	static Path directory(@Nullable Backend backend) {
		Path configured = (backend != null) ? backend.getFileSystem().getDirectory() : null;
		return (configured != null) ? configured : Path.of(System.getProperty("java.io.tmpdir"), "polycache");
	}

}
