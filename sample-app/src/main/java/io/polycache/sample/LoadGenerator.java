package io.polycache.sample;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Drives the sample's own services, through {@link ShopController}, for a few seconds, so
 * the dashboard has something to draw: popular products and prices read again and again
 * (hits), now and then a new one (a miss and a slow load), exchange rates over four
 * currencies in a cache of three, page views, thumbnails and stock levels.
 * <p>Bounded: a run makes at most {@link #MAX_CALLS} calls within {@link #DURATION}, on
 * {@link #WORKERS} daemon threads that pause between calls; one run at a time, and the
 * application's shutdown interrupts a run. Thread-safe.
 */
@Component
class LoadGenerator implements DisposableBean {

	static final Duration DURATION = Duration.ofSeconds(10);

	static final int MAX_CALLS = 10_000;

	static final int WORKERS = 4;

	private static final Duration PAUSE = Duration.ofMillis(4);

	private static final List<String> CURRENCIES = List.of("USD", "GBP", "JPY", "CHF");

	private static final List<String> PAGES = List.of("home", "search", "basket", "checkout");

	private static final Log logger = LogFactory.getLog(LoadGenerator.class);

	private final ShopController shop;

	private final AtomicReference<@Nullable Run> current = new AtomicReference<>();

	/** Calls the shop's endpoints as methods: the services and caches an HTTP request reaches, without HTTP. */
	LoadGenerator(ShopController shop) {
		this.shop = shop;
	}

	/**
	 * Starts a run unless one is under way.
	 * @return whether this call started one
	 */
	boolean start() {
		Run previous = this.current.get();
		if (previous != null && !previous.finished()) {
			return false;
		}
		Run run = new Run((previous != null) ? previous.number + 1 : 1);
		if (!this.current.compareAndSet(previous, run)) {
			return false;
		}
		run.start();
		return true;
	}

	/** The current or last run; a status with no calls before the first. */
	LoadStatus status() {
		Run run = this.current.get();
		return (run != null) ? run.status() : new LoadStatus(0, false, 0, MAX_CALLS, DURATION.toSeconds());
	}

	/** Interrupts a run under way and waits briefly for its threads. */
	@Override
	public void destroy() throws InterruptedException {
		Run run = this.current.get();
		if (run != null) {
			run.stop();
		}
	}

	/** One call to one of the endpoints, chosen at random with a bias to popular keys. */
	private void call(SplittableRandom random) {
		int pick = random.nextInt(100);
		if (pick < 40) {
			// Squaring favours low ids: product 1 is read far more often than product 20.
			double skew = random.nextDouble();
			this.shop.product(1 + (long) (20 * skew * skew));
		}
		else if (pick < 60) {
			this.shop.price(1 + random.nextInt(8));
		}
		else if (pick < 70) {
			this.shop.exchangeRate(CURRENCIES.get(random.nextInt(CURRENCIES.size())));
		}
		else if (pick < 88) {
			this.shop.pageView(PAGES.get(random.nextInt(PAGES.size())));
		}
		else if (pick < 97) {
			this.shop.thumbnail(1 + random.nextInt(6), 64);
		}
		else {
			this.shop.stock(1 + random.nextInt(5));
		}
	}

	/**
	 * What {@code /load} answers.
	 * @param run the number of the run, from 1; 0 before the first
	 * @param running whether it is under way
	 * @param calls the calls it has made
	 * @param maxCalls the most calls a run makes
	 * @param seconds the longest a run lasts
	 */
	record LoadStatus(int run, boolean running, long calls, int maxCalls, long seconds) {
	}

	/** One run: its workers, its budget of calls and its deadline. */
	private final class Run {

		private final int number;

		private final AtomicInteger budget = new AtomicInteger(MAX_CALLS);

		private final LongAdder calls = new LongAdder();

		private final AtomicInteger working = new AtomicInteger(WORKERS);

		private final long deadline = System.nanoTime() + DURATION.toNanos();

		private volatile @Nullable ExecutorService workers;

		Run(int number) {
			this.number = number;
		}

		void start() {
			AtomicInteger threads = new AtomicInteger();
			ExecutorService workers = Executors.newFixedThreadPool(WORKERS, (task) -> {
				Thread thread = new Thread(task, "sample-load-" + this.number + "-" + threads.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
			this.workers = workers;
			logger.info("Load run " + this.number + ": at most " + MAX_CALLS + " calls in " + DURATION.toSeconds()
					+ " s");
			for (int i = 0; i < WORKERS; i++) {
				long seed = System.nanoTime() + i;
				workers.execute(() -> work(new SplittableRandom(seed)));
			}
			workers.shutdown();
		}

		private void work(SplittableRandom random) {
			try {
				while (!Thread.currentThread().isInterrupted() && System.nanoTime() < this.deadline
						&& this.budget.getAndDecrement() > 0) {
					try {
						call(random);
					}
					catch (RuntimeException ex) {
						logger.warn("A generated call failed: " + ex);
					}
					this.calls.increment();
					Latency.simulate(PAUSE.toMillis());
				}
			}
			finally {
				if (this.working.decrementAndGet() == 0) {
					logger.info("Load run " + this.number + " done: " + this.calls.sum() + " calls");
				}
			}
		}

		boolean finished() {
			return this.working.get() == 0;
		}

		LoadStatus status() {
			return new LoadStatus(this.number, !finished(), this.calls.sum(), MAX_CALLS, DURATION.toSeconds());
		}

		void stop() throws InterruptedException {
			ExecutorService workers = this.workers;
			if (workers != null) {
				workers.shutdownNow();
				workers.awaitTermination(2, TimeUnit.SECONDS);
			}
		}

	}

}
