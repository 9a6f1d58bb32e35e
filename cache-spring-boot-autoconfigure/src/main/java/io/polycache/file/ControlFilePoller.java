package io.polycache.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.internal.RateLimitedLog;

/**
 * Reads the generation of every watched control file at a fixed interval, once per
 * directory however many near tiers watch it, and hands it to each
 * {@link GenerationWatch}. One daemon thread for the whole JVM ({@link #shared()}),
 * started by the first {@link #watch} and stopped when the last watch is closed.
 * <p>A round costs, per directory, an {@code lstat}, an {@code open}, one 24-byte read and
 * a {@code close}: a few microseconds. It never throws: what a listener throws is logged
 * (rate-limited) and the next round runs as planned.
 * <p>Thread-safe. {@link #poll()} runs one round on the calling thread, for tests that
 * drive a poller built with {@link #manual()}.
 */
final class ControlFilePoller {

	/** How often the generation is read: a near copy lags another store's change by at most this, plus a read. */
	static final Duration INTERVAL = Duration.ofMillis(20);

	/** The name of the shared poller's thread, so tests and thread dumps can find it. */
	static final String THREAD_NAME = "polycache-file-invalidations";

	private static final Log logger = LogFactory.getLog(ControlFilePoller.class);

	private static final ControlFilePoller SHARED = new ControlFilePoller(every(INTERVAL, THREAD_NAME));

	/** How polling starts: runs {@code poll} repeatedly until the returned action is run. */
	@FunctionalInterface
	interface Schedule {

		Runnable start(Runnable poll);

	}

	private final Schedule schedule;

	private final RateLimitedLog listenerFailures = new RateLimitedLog(logger, Duration.ofSeconds(10));

	/** Guarded by this. */
	private final Map<Path, Directory> directories = new LinkedHashMap<>();

	/** Stops the running schedule; {@code null} while nothing is watched. Guarded by this. */
	private @Nullable Runnable stop;

	ControlFilePoller(Schedule schedule) {
		this.schedule = schedule;
	}

	/** The JVM's poller: one thread, every {@link #INTERVAL}. */
	static ControlFilePoller shared() {
		return SHARED;
	}

	/** A poller that polls only when {@link #poll()} is called. */
	static ControlFilePoller manual() {
		return new ControlFilePoller((poll) -> () -> {
		});
	}

	/** Polls on a daemon thread of that name, every interval, the first at once. */
	static Schedule every(Duration interval, String threadName) {
		return (poll) -> {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, threadName);
				thread.setDaemon(true);
				return thread;
			});
			Runnable guarded = () -> {
				try {
					poll.run();
				}
				catch (Throwable ex) {
					// A periodic task that throws is never run again, and near tiers would then never hear of a change.
					logger.error("Polling control files failed; trying again at the next round", ex);
				}
			};
			executor.scheduleWithFixedDelay(guarded, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
			// Cancels the periodic poll; the thread ends once a round in progress is done.
			return executor::shutdown;
		};
	}

	/**
	 * Reads the control file for the watch at once, on the calling thread, so that a near
	 * tier on a readable directory is connected when this returns; then polls it every
	 * round, starting the thread if it is the first watch.
	 * @return stops polling for the watch, and stops the thread if it was the last
	 */
	Runnable watch(Path controlFile, GenerationWatch watch) {
		Path key = controlFile.toAbsolutePath().normalize();
		Directory directory;
		synchronized (this) {
			directory = this.directories.computeIfAbsent(key, Directory::new);
			directory.watches.add(watch);
			if (this.stop == null) {
				this.stop = this.schedule.start(this::poll);
			}
		}
		poll(directory, List.of(watch));
		return () -> unwatch(key, watch);
	}

	private synchronized void unwatch(Path key, GenerationWatch watch) {
		watch.close();
		Directory directory = this.directories.get(key);
		if (directory == null || !directory.watches.remove(watch)) {
			return;
		}
		if (directory.watches.isEmpty()) {
			this.directories.remove(key);
		}
		if (this.directories.isEmpty() && this.stop != null) {
			this.stop.run();
			this.stop = null;
		}
	}

	/** Whether anything is watched (and, for a scheduled poller, the thread is meant to run). */
	synchronized boolean isPolling() {
		return this.stop != null;
	}

	/** One round: every watched directory's generation, read once, to each of its watches. */
	void poll() {
		List<Directory> round;
		synchronized (this) {
			round = new ArrayList<>(this.directories.values());
		}
		for (Directory directory : round) {
			poll(directory, List.copyOf(directory.watches));
		}
	}

	private void poll(Directory directory, List<GenerationWatch> watches) {
		long generation;
		try {
			generation = ControlFile.readGeneration(directory.controlFile);
		}
		catch (IOException | RuntimeException ex) {
			directory.failed(ex);
			for (GenerationWatch watch : watches) {
				notify(directory, watch::failed);
			}
			return;
		}
		directory.recovered();
		for (GenerationWatch watch : watches) {
			notify(directory, () -> watch.read(generation));
		}
	}

	private void notify(Directory directory, Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			this.listenerFailures.warn("A near tier's listener on " + directory.controlFile + " failed", ex);
		}
	}

	/** A watched control file and its watches; {@code failing} only for the log. */
	private static final class Directory {

		private final Path controlFile;

		private final List<GenerationWatch> watches = new CopyOnWriteArrayList<>();

		private volatile boolean failing;

		Directory(Path controlFile) {
			this.controlFile = controlFile;
		}

		void failed(Exception ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("Cannot read " + this.controlFile + " (" + ex
						+ "): the near tiers of its cache serve nothing from memory until it can be read again");
			}
		}

		void recovered() {
			if (this.failing) {
				this.failing = false;
				logger.info("Reading " + this.controlFile + " again: the near tiers of its cache start anew");
			}
		}

	}

}
