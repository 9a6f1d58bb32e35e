package io.polycache.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.Leases;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.spi.StoreContext;

/**
 * The {@code file-system} backend: built in, as it needs nothing beyond the JDK. Each cache
 * keeps its files under {@code cache.backends.<name>.file-system.directory} (by default
 * {@code $XDG_CACHE_HOME/polycache} or {@code ~/.cache/polycache}), in a subdirectory of
 * its own, bounded and expired by this process. A directory that cannot be created or
 * written, or that another local user could change, stops start-up, naming that property.
 * A cache with a near tier gets the directory's {@link ControlFileChannel}, so its near
 * tier drops everything within about 20 ms of another process's change. Every cache holds
 * leases, for {@code single-flight: cluster}, as lock files in its directory
 * ({@link FileLeases}): one load per key across the processes of one machine.
 */
public final class FileSystemProvider implements BackendProvider {

	/** The type, as written in {@code cache.backends.<name>.type}. */
	public static final String TYPE = "file-system";

	/** The property group of a cache's file-system settings. */
	public static final String PROPERTY_GROUP = "file-system";

	@Override
	public String type() {
		return TYPE;
	}

	/**
	 * Shared between the processes of one machine; pushes invalidations, delivered by
	 * polling the cache directory's control file ({@link ControlFileChannel}): a near copy
	 * lags another process's change by at most the poll interval, 20 ms, plus a read.
	 */
	@Override
	public BackendTraits traits() {
		return BackendTraits.sharedLocally().withPushedInvalidations().withLeases();
	}

	@Override
	public String propertyGroup() {
		return PROPERTY_GROUP;
	}

	@Override
	public OpenedStore<String, byte[]> open(StoreContext context) {
		FileSystemProperties properties = context.properties(FileSystemProperties.class);
		String prefix = context.propertyPrefix() + PROPERTY_GROUP + ".";
		Duration lockTimeout = properties.getLockTimeout();
		if (lockTimeout.isNegative() || lockTimeout.isZero()) {
			throw new PolycacheConfigurationException(prefix + "lock-timeout", lockTimeout,
					"the lock timeout must be positive", "Set it to a positive duration, such as 5s (the default).");
		}
		Path root = directory(properties.getDirectory());
		FileStore store;
		try {
			store = FileStores.openStore(root, context.settings(), lockTimeout, properties.isFsync(), context.clock(),
					context.events());
		}
		catch (UnsafeDirectoryException ex) {
			throw new PolycacheConfigurationException(prefix + "directory", root,
					ex.getDirectory() + " could be changed by another local user: " + ex.getReason(), ex.getAction());
		}
		catch (IOException | RuntimeException ex) {
			throw new PolycacheConfigurationException(prefix + "directory", root,
					"the directory cannot be created or written (" + ex + ")",
					"Point it at a directory this application's user can create and write, "
							+ "or fix the permissions of " + root + ".");
		}
		OpenedStore<String, byte[]> opened = OpenedStore.shared(store, context)
			.withLeases(new Leases(store.leases(), context.namespace().leaseKeys()));
		if (!context.settings().near().enabled()) {
			return opened;
		}
		return new OpenedStore<>(opened.store(), opened.keys(), opened.codec(), store.invalidations(),
				opened.leases());
	}

	/** The configured directory, or the default under the user's cache directory. */
	static Path directory(@Nullable Path configured) {
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
