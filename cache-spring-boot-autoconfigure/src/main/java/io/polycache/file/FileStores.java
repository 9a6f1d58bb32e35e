package io.polycache.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.KeyEncoder;
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
		return new FileStore(root, settings, clock, stats, new SplittableRandom(), (task) -> {
			Thread thread = new Thread(task, "polycache-file-index-" + settings.name());
			thread.setDaemon(true);
			thread.start();
		}, INDEX_WAIT);
	}

	/**
	 * Store keys as {@code <key-prefix><name>:k2:v<version>:<key>}, the key as
	 * {@link KeyEncoder} writes it: the cache name makes a file copied from another cache a
	 * miss, a new version orphans the old entries, and so does a new key format
	 * ({@link KeyEncoder#FORMAT}): the file holds its key, so a file written under another
	 * format never matches.
	 */
	public static KeyMapper keyMapper(CacheSettings settings) {
		return KeyMapper.prefixed(settings.keyPrefix() + settings.name() + ":" + KeyEncoder.FORMAT + ":v"
				+ settings.version() + ":");
	}

}
