package io.polycache.file;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A file-system cache's own properties, {@code cache.backends.<name>.file-system.*}, bound
 * by {@link FileSystemProvider}.
 */
public class FileSystemProperties {

	/**
	 * Directory under which the cache keeps its files, in a subdirectory named after the
	 * cache; created owner-only if missing. It and the subdirectory must be real directories
	 * (not links) owned by the application's user and not writable by group or others, or
	 * start-up fails. Several caches, and several applications of one user, may share it.
	 * Defaults to "$XDG_CACHE_HOME/polycache", or "${user.home}/.cache/polycache" when
	 * XDG_CACHE_HOME is not set.
	 */
	private @Nullable Path directory;

	/**
	 * How long a write, eviction or size count waits for the directory's lock, held by
	 * another process or context, before it fails (and, with fail-open, is logged and
	 * dropped).
	 */
	private Duration lockTimeout = FileStores.DEFAULT_LOCK_TIMEOUT;

	/**
	 * Whether every write waits until it is on the disk (fsync of the entry file before it
	 * is moved into place and of its directory after), so that it survives an operating
	 * system crash or power loss and not only a process crash. Costs two waits for the disk
	 * per write.
	 */
	private boolean fsync;

	public @Nullable Path getDirectory() {
		return this.directory;
	}

	public void setDirectory(@Nullable Path directory) {
		this.directory = directory;
	}

	public Duration getLockTimeout() {
		return this.lockTimeout;
	}

	public void setLockTimeout(Duration lockTimeout) {
		this.lockTimeout = lockTimeout;
	}

	public boolean isFsync() {
		return this.fsync;
	}

	public void setFsync(boolean fsync) {
		this.fsync = fsync;
	}

}
