package io.polycache.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.KeyMapper;
import io.polycache.core.StatsCounter;

/**
 * Opens file-system stores. The store itself stays package-private; this is the one way
 * in.
 */
public final class FileStores {

	/** How long opening a store waits for its index before serving without it. */
	static final Duration INDEX_WAIT = Duration.ofMillis(200);

	private FileStores() {
	}

	/**
	 * A store keeping {@code settings.name()}'s entries under {@code root}, in a
	 * subdirectory of its own, bounded by {@code settings.maxEntries()} with
	 * {@code settings.eviction()}. The directories are created if missing. The index of
	 * existing entries is rebuilt on a background thread; this waits for it at most
	 * 200 ms, and the entries are readable meanwhile.
	 * <p>The store expects the keys of {@link #keyMapper(CacheSettings)} and byte-array
	 * values.
	 * @throws IOException if the directory cannot be created or written
	 */
	public static CacheStore open(Path root, CacheSettings settings, Clock clock, StatsCounter stats)
			throws IOException {
		return open(root, settings, false, clock, stats);
	}

	/**
	 * As {@link #open(Path, CacheSettings, Clock, StatsCounter)}, and with {@code fsync}
	 * every write that returns is on the disk: each entry file is forced before it is
	 * moved into place and its directory after, so it survives an operating system crash
	 * or power loss, not only a process crash, at the cost of two waits for the disk per
	 * write.
	 * @throws IOException if the directory cannot be created or written
	 */
	public static CacheStore open(Path root, CacheSettings settings, boolean fsync, Clock clock, StatsCounter stats)
			throws IOException {
		return new FileStore(root, settings, DiskSync.of(fsync), clock, stats, new SplittableRandom(), (task) -> {
			Thread thread = new Thread(task, "polycache-file-index-" + settings.name());
			thread.setDaemon(true);
			thread.start();
		}, INDEX_WAIT);
	}

	/**
	 * Store keys as {@code <key-prefix><name>:v<version>:<key>}: the cache name makes a file
	 * copied from another cache a miss, and a new version orphans the old entries.
	 */
	public static KeyMapper keyMapper(CacheSettings settings) {
		return KeyMapper.prefixed(settings.keyPrefix() + settings.name() + ":v" + settings.version() + ":");
	}

}
