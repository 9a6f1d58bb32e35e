package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

import io.polycache.autoconfigure.WarmupRun.Progress;
import io.polycache.autoconfigure.WarmupRun.State;
import io.polycache.core.CacheWarmer;
import io.polycache.core.ExtendedCache;
import io.polycache.core.PolycacheCacheManager;
import io.polycache.spi.PolycacheConfigurationException;

/**
 * Runs the application's {@link CacheWarmer} beans in the background once the context has
 * started. Once every singleton exists, each warmer's cache is looked up (an unknown one
 * stops start-up); when the context starts (the default {@link SmartLifecycle} phase, so
 * after the web server), each cache's warmers are handed, in order, to one task on a pool
 * of daemon threads ({@code polycache-warmup-N}, one per cache up to the number of cores),
 * and {@code start()} returns at once. A second daemon thread logs the progress of each
 * running warm-up every {@value #PROGRESS_SECONDS} seconds. Both pools end when the last
 * warm-up ends, or when the context closes: {@link #stop()} makes every further
 * {@code WarmUp} call throw, interrupts the warmers and waits up to
 * {@value #STOP_SECONDS} seconds for them to return, so none writes into a closing store.
 * <p>Runs once per context: a context stopped and started again does not warm again.
 * Thread-safe.
 */
final class CacheWarmups implements SmartLifecycle, SmartInitializingSingleton {

	/** The prefix of the warm-up threads' names. */
	static final String THREAD_PREFIX = "polycache-warmup-";

	/** How often the progress of a running warm-up is logged. */
	static final int PROGRESS_SECONDS = 10;

	/** How long closing the context waits for interrupted warmers to return. */
	static final int STOP_SECONDS = 5;

	private static final Log logger = LogFactory.getLog(CacheWarmups.class);

	private final PolycacheCaches caches;

	private final ObjectProvider<CacheWarmer> warmers;

	private final ObjectProvider<WarmupListener> listeners;

	private final boolean enabled;

	private volatile List<WarmupRun> runs = List.of();

	private final Object monitor = new Object();

	private boolean started;

	private volatile boolean running;

	private int unfinished;

	private @Nullable ThreadPoolExecutor executor;

	private @Nullable ScheduledExecutorService progressLog;

	/**
	 * @param enabled {@code cache.enabled}: when false, nothing is warmed (every cache
	 * caches nothing)
	 */
	CacheWarmups(PolycacheCaches caches, ObjectProvider<CacheWarmer> warmers, ObjectProvider<WarmupListener> listeners,
			boolean enabled) {
		this.caches = caches;
		this.warmers = warmers;
		this.listeners = listeners;
		this.enabled = enabled;
	}

	/** Groups the warmers by cache, in order; a warmer naming an unknown cache stops start-up. */
	@Override
	public void afterSingletonsInstantiated() {
		PolycacheCacheManager all = this.caches.allCaches();
		Map<String, List<CacheWarmer>> byCache = new LinkedHashMap<>();
		this.warmers.orderedStream().forEach((warmer) -> {
			String name = warmer.cacheName();
			if (all.getCache(name) == null) {
				throw unknownCache(warmer, name, all.getCacheNames());
			}
			byCache.computeIfAbsent(name, (key) -> new ArrayList<>()).add(warmer);
		});
		List<WarmupRun> runs = new ArrayList<>();
		byCache.forEach((name, warmers) -> {
			ExtendedCache cache = all.getCache(name);
			if (cache != null) {
				runs.add(new WarmupRun(cache, warmers));
			}
		});
		this.runs = List.copyOf(runs);
	}

	private static PolycacheConfigurationException unknownCache(CacheWarmer warmer, @Nullable String name,
			Collection<String> names) {
		String closest = (name != null) ? PropertyNameSuggestion.closest(name, names) : null;
		return new PolycacheConfigurationException("cache.backends", name,
				"the cache warmer " + className(warmer) + " warms cache '" + name + "', which is not configured ("
						+ "configured caches: " + names + ")"
						+ ((closest != null) ? "; did you mean '" + closest + "'?" : ""),
				"Declare the cache under cache.backends." + name + ", or make the warmer's cacheName() return one of "
						+ names + ".");
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			this.running = true;
			if (this.started) {
				return;
			}
			this.started = true;
			List<WarmupRun> runs = this.runs;
			if (runs.isEmpty()) {
				return;
			}
			if (!this.enabled) {
				logger.info("cache.enabled is false: the cache warmers of " + names(runs) + " do not run");
				this.runs = List.of();
				return;
			}
			int threads = Math.min(runs.size(), Math.max(2, Runtime.getRuntime().availableProcessors()));
			ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(), daemonThreads(THREAD_PREFIX));
			ScheduledExecutorService progressLog = Executors
				.newSingleThreadScheduledExecutor(daemonThreads(THREAD_PREFIX + "progress-"));
			progressLog.scheduleAtFixedRate(this::logProgress, PROGRESS_SECONDS, PROGRESS_SECONDS, TimeUnit.SECONDS);
			this.executor = executor;
			this.progressLog = progressLog;
			this.unfinished = runs.size();
			runs.forEach((run) -> executor.execute(() -> warm(run)));
		}
	}

	private void warm(WarmupRun run) {
		try {
			run.run(logger);
		}
		finally {
			ended(run.progress(System.nanoTime()));
		}
	}

	private void ended(Progress progress) {
		String took = seconds(progress.elapsed());
		switch (progress.state()) {
			case DONE -> logger.info("Warmed cache '" + progress.cacheName() + "' in " + took + ": " + progress.counts());
			case FAILED -> logger.warn("Warm-up of cache '" + progress.cacheName() + "' failed after " + took + ": "
					+ progress.counts() + "; first failure: " + progress.failure());
			default -> logger.info("Warm-up of cache '" + progress.cacheName() + "' stopped after " + took
					+ ", the application context is closing: " + progress.counts());
		}
		if (progress.state() != State.STOPPED) {
			this.listeners.orderedStream().forEach((listener) -> {
				try {
					listener.ended(progress);
				}
				catch (RuntimeException ex) {
					logger.warn("Recording the warm-up of cache '" + progress.cacheName() + "' failed", ex);
				}
			});
		}
		synchronized (this.monitor) {
			if (--this.unfinished == 0) {
				shutdown(false);
			}
		}
	}

	/** Logs each running warm-up's counts so far. */
	void logProgress() {
		long now = System.nanoTime();
		for (WarmupRun run : this.runs) {
			Progress progress = run.progress(now);
			if (progress.state() == State.RUNNING) {
				logger.info("Warming cache '" + progress.cacheName() + "', " + seconds(progress.elapsed()) + " so far: "
						+ progress.counts());
			}
		}
	}

	/** Where each cache's warm-up stands, in the order the caches were configured. */
	List<Progress> progress() {
		long now = System.nanoTime();
		return this.runs.stream().map((run) -> run.progress(now)).toList();
	}

	@Override
	public void stop() {
		ThreadPoolExecutor executor;
		synchronized (this.monitor) {
			this.running = false;
			this.runs.forEach(WarmupRun::stop);
			executor = this.executor;
			shutdown(true);
		}
		if (executor == null) {
			return;
		}
		try {
			if (!executor.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS)) {
				logger.warn("Cache warm-up of " + names(this.runs) + " did not end within " + STOP_SECONDS
						+ " s of being interrupted; its daemon thread is left to finish, and every further write "
						+ "through its WarmUp fails");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Ends both pools; {@code now}: also interrupts the warmers still running. Under the monitor. */
	private void shutdown(boolean now) {
		if (this.executor != null) {
			if (now) {
				this.executor.shutdownNow();
			}
			else {
				this.executor.shutdown();
			}
		}
		if (this.progressLog != null) {
			this.progressLog.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static String names(List<WarmupRun> runs) {
		return runs.stream().map((run) -> "'" + run.cacheName() + "'").collect(Collectors.joining(", "));
	}

	static String className(CacheWarmer warmer) {
		return ClassUtils.getUserClass(warmer).getName();
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
