package io.polycache.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.autoconfigure.PolycacheProperties.Backend;
import io.polycache.core.CacheStore;
import io.polycache.file.FileStores;
import io.polycache.file.UnsafeDirectoryException;

/**
 * The {@code file-system} backend: built in, as it needs nothing beyond the JDK. Each
 * cache keeps its files under {@code cache.backends.<name>.file-system.directory} (by
 * default {@code $XDG_CACHE_HOME/polycache} or {@code ~/.cache/polycache}), in a
 * subdirectory of its own. A directory that cannot be created or written, or that another
 * local user could change, stops start-up, naming that property.
 * {@code cache.backends.<name>.file-system.fsync} makes every write wait for the disk.
 */
@Configuration(proxyBeanMethods = false)
class FileSystemBackendConfiguration {

	@Bean
	BackendFactory fileSystemBackendFactory(PolycacheProperties properties) {
		return BackendFactory.shared(BackendType.FILE_SYSTEM, (settings, context) -> {
			Backend backend = properties.getBackends().get(settings.name());
			String prefix = "cache.backends." + settings.name() + ".file-system.";
			Duration lockTimeout = (backend != null) ? backend.getFileSystem().getLockTimeout()
					: FileStores.DEFAULT_LOCK_TIMEOUT;
			boolean fsync = backend != null && backend.getFileSystem().isFsync();
			Path root = directory(backend);
			CacheStore store;
			try {
				store = FileStores.open(root, settings, lockTimeout, fsync, context.clock(), context.stats());
			}
			catch (UnsafeDirectoryException ex) {
				throw new PolycacheConfigurationException(prefix + "directory", root,
						ex.getDirectory() + " could be changed by another local user: " + ex.getReason(),
						ex.getAction());
			}
			catch (IOException | RuntimeException ex) {
				throw new PolycacheConfigurationException(prefix + "directory", root,
						"the directory cannot be created or written (" + ex + ")",
						"Point it at a directory this application's user can create and write, "
								+ "or fix the permissions of " + root + ".");
			}
			context.sweeper().register(settings.name(), store);
			return store;
		}, FileStores::keyMapper);
	}

	/** The configured directory, or the default under the user's cache directory. */
	static Path directory(@Nullable Backend backend) {
		Path configured = (backend != null) ? backend.getFileSystem().getDirectory() : null;
		return (configured != null) ? configured
				: defaultDirectory(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
	}

	/**
	 * {@code $XDG_CACHE_HOME/polycache}, or {@code <home>/.cache/polycache} when that is
	 * unset or not absolute, as the XDG base directory specification says.
	 */
	static Path defaultDirectory(@Nullable String xdgCacheHome, String userHome) {
		if (xdgCacheHome != null && !xdgCacheHome.isEmpty() && Path.of(xdgCacheHome).isAbsolute()) {
			return Path.of(xdgCacheHome, "polycache");
		}
		return Path.of(userHome, ".cache", "polycache");
	}

}
