package io.polycache.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

import io.polycache.core.CacheSettings;
import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.Leases;
import io.polycache.spi.StoreEvents;

/**
 * Opens file-system stores outside the auto-configuration (benchmarks, tests); an
 * application gets them from {@link FileSystemProvider}. The store itself stays
 * package-private.
 */
public final class FileStores {

	/** How long opening a store waits for its index before serving without it. */
	static final Duration INDEX_WAIT = Duration.ofMillis(200);

	private FileStores() {
	}

	/** How long a write waits for the directory's lock by default. */
	public static final Duration DEFAULT_LOCK_TIMEOUT = ControlFile.DEFAULT_TIMEOUT;

	/**
	 * A store as {@link #open(Path, CacheSettings, Duration, boolean, Clock, StoreEvents)}
	 * opens it, with the {@linkplain #DEFAULT_LOCK_TIMEOUT default lock timeout} and without
	 * fsync.
	 * @throws UnsafeDirectoryException if a directory is a link, another user's, or
	 * writable by group or others
	 * @throws IOException if the directory cannot be created or written
	 */
	public static ByteStore open(Path root, CacheSettings settings, Clock clock, StoreEvents events)
			throws IOException {
		return open(root, settings, DEFAULT_LOCK_TIMEOUT, false, clock, events);
	}

	/**
	 * A store keeping {@code settings.name()}'s entries under {@code root}, in a
	 * subdirectory of its own, bounded by {@code settings.maxEntries()} with
	 * {@code settings.eviction()}. The directories are created if missing, owner-only;
	 * the root, the cache's directory and every directory created must be real
	 * directories of the current user that neither group nor others can write. The
	 * index of existing entries is rebuilt on a background thread; this waits for it at
	 * most 200 ms, and the entries are readable meanwhile.
	 * <p>Stores of one JVM on the same directory share one lock on it. A write waits at
	 * most {@code lockTimeout} for that lock, then fails.
	 * <p>With {@code fsync} every write that returns is on the disk: each entry file is
	 * forced before it is moved into place and its directory after, so it survives an
	 * operating system crash or power loss, not only a process crash, at the cost of two
	 * waits for the disk per write.
	 * <p>The store expects the keys of the cache's {@link io.polycache.spi.KeyNamespace}.
	 * @throws UnsafeDirectoryException if a directory is a link, another user's, or
	 * writable by group or others
	 * @throws IOException if the directory cannot be created or written
	 */
	public static ByteStore open(Path root, CacheSettings settings, Duration lockTimeout, boolean fsync, Clock clock,
			StoreEvents events) throws IOException {
		return openStore(root, settings, lockTimeout, fsync, clock, events);
	}

	/**
	 * The leases kept in the directory of a store {@link #open opened} here, as
	 * {@link FileSystemProvider} gives them: lock files under
	 * {@link KeyNamespace#leaseKeys()}; closing the store ends them.
	 * @throws IllegalArgumentException if the store was not opened here
	 */
	public static Leases leases(ByteStore store, KeyNamespace namespace) {
		if (!(store instanceof FileStore fileStore)) {
			throw new IllegalArgumentException("Not a file-system store: " + store);
		}
		return new Leases(fileStore.leases(), namespace.leaseKeys());
	}

	/** The store {@link #open(Path, CacheSettings, Duration, boolean, Clock, StoreEvents)} opens, as what it is. */
	static FileStore openStore(Path root, CacheSettings settings, Duration lockTimeout, boolean fsync, Clock clock,
			StoreEvents events) throws IOException {
		Executor indexBuilder = (task) -> {
			Thread thread = new Thread(task, "polycache-file-index-" + settings.name());
			thread.setDaemon(true);
			thread.start();
		};
		return new FileStore(root, settings, lockTimeout, DiskSync.of(fsync), clock, events, new SplittableRandom(),
				indexBuilder, INDEX_WAIT);
	}

}
