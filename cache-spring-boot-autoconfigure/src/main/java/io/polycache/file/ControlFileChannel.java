package io.polycache.file;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.polycache.spi.InvalidationChannel;
import io.polycache.spi.InvalidationListener;

/**
 * How a file-system store tells its near tier that another store changed the cache's
 * directory: by polling. Every change to the directory, by any process, bumps the
 * generation in its {@link ControlFile} under the directory's lock; the JVM's
 * {@link ControlFilePoller} reads it every {@link ControlFilePoller#INTERVAL} (20 ms), and
 * a {@link GenerationWatch} per subscription tells a generation this store wrote from one
 * another store did. A change by another store (another process, or another store of this
 * JVM on the same directory) makes the listener hear
 * {@link InvalidationListener#invalidatedAll()}: the control file says <i>that</i> the
 * directory changed, not which entry, so the whole near tier is dropped. This store's own
 * changes are never announced: they reach its near tier through the near tier itself.
 * <p>Each cache has a directory, and a control file, of its own, so one cache's writes never
 * invalidate another cache's near tier. Every change counts, the evictions and expiry
 * reclaims of other processes included: an instance whose neighbours write often keeps
 * less in its near tier.
 * <p>A control file that cannot be read (its directory was deleted, it is not a regular
 * file, or is being created anew) makes the listener hear
 * {@link InvalidationListener#disconnected()}; the next successful read,
 * {@link InvalidationListener#connected()}.
 * <p>Thread-safe: subscribing and unsubscribing are serialized by this object's monitor;
 * {@link #bumped}, called by the store under the directory's lock, takes no lock.
 */
final class ControlFileChannel implements InvalidationChannel, ControlFile.OwnChanges {

	private final Path controlFile;

	/** Every live subscription, with what stops its polling. */
	private final Map<GenerationWatch, Runnable> watches = new ConcurrentHashMap<>();

	ControlFileChannel(Path controlFile) {
		this.controlFile = controlFile;
	}

	/**
	 * Subscribes on the JVM's shared poller. The control file is read once before this
	 * returns, so the listener has heard {@code connected()} by then unless the file could
	 * not be read (then {@code disconnected()}, and {@code connected()} after a later read).
	 */
	@Override
	public Subscription subscribe(InvalidationListener listener) {
		return subscribe(listener, ControlFilePoller.shared());
	}

	/** Subscribes on the given poller. */
	synchronized Subscription subscribe(InvalidationListener listener, ControlFilePoller poller) {
		GenerationWatch watch = new GenerationWatch(listener);
		// Hears own changes from before its first read: one made between that read and this
		// line would otherwise look foreign, a needless invalidation.
		this.watches.put(watch, () -> {
		});
		this.watches.put(watch, poller.watch(this.controlFile, watch));
		return () -> unsubscribe(watch);
	}

	private synchronized void unsubscribe(GenerationWatch watch) {
		Runnable unwatch = this.watches.remove(watch);
		if (unwatch != null) {
			unwatch.run();
		}
	}

	@Override
	public void bumped(long previous, long next) {
		for (GenerationWatch watch : this.watches.keySet()) {
			watch.ownChange(previous, next);
		}
	}

	/** Ends every subscription: the store is closing. */
	synchronized void close() {
		for (GenerationWatch watch : this.watches.keySet()) {
			unsubscribe(watch);
		}
	}

}
