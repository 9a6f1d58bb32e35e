package io.polycache.benchmarks.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.Cache;

import io.polycache.core.SingleFlightScope;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.StoreCache;

/**
 * A stampede on one missing key: two instances on one {@link SharedStore}, sixteen
 * threads (eight per instance) released together on a key no one has loaded, whose loader
 * sleeps for a while (50 ms, and 500 ms); repeated for a number of rounds, each with a
 * fresh key. Measured per round: how often the loader ran, the time from the release until
 * the last of the sixteen has the value (and each caller's own time), the callers that
 * waited for another instance's load ({@link StoreCache#clusterWaits()}) and the lease
 * and value reads they made while waiting ({@link StoreCache#clusterWaiterCommands()}),
 * and every command the server executed in the round.
 * <p>Three ways of loading: {@code none}, as Spring's cache interceptor does without
 * {@code sync = true} ({@code get(key)}, on a miss the loader, then {@code put}), so no
 * single flight at all; {@code instance}, {@code get(key, loader)} with
 * {@code single-flight: instance}; {@code cluster}, the same with
 * {@code single-flight: cluster}. Every caller checks it got the round's value.
 * <p>Arguments: {@code rounds loaderMillis backends}, by default
 * {@code 20 50,500 redis,memcached,file}.
 */
public final class Stampede {

	private static final int CALLERS = 16;

	private Stampede() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		List<Long> loaderMillis = (args.length > 1) ? List.of(args[1].split(",")).stream().map(Long::valueOf).toList()
				: List.of(50L, 500L);
		List<String> backends = (args.length > 2) ? List.of(args[2].split(","))
				: List.of("redis", "memcached", "file");
		System.out.printf("%d callers (%d per instance, two instances), %d rounds, a fresh key each round%n", CALLERS,
				CALLERS / 2, rounds);
		System.out.println("| backend | loader | single flight | loads per round: median (min – max) | "
				+ "all 16 have it, ms: p50 / max | one caller, ms: p50 / p99 | waits per round | "
				+ "reads per wait | server commands per round |");
		System.out.println("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
		ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
		try {
			for (String backend : backends) {
				for (long millis : loaderMillis) {
					for (String way : List.of("none", "instance", "cluster")) {
						try (SharedStore store = SharedStore.start(backend)) {
							new Stampede.Run(store, way, millis, threads).measure(rounds).print(backend, millis, way);
						}
					}
				}
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** The rounds of one way of loading on one store. */
	private static final class Run {

		private final SharedStore store;

		private final String way;

		private final long loaderMillis;

		private final ExecutorService threads;

		private final AssembledCache[] instances = new AssembledCache[2];

		private final List<Double> loads = new ArrayList<>();

		private final List<Double> allHaveIt = new ArrayList<>();

		private final List<Double> callers = new ArrayList<>();

		private final List<Double> commands = new ArrayList<>();

		private long waits;

		private long waiterCommands;

		Run(SharedStore store, String way, long loaderMillis, ExecutorService threads) {
			this.store = store;
			this.way = way;
			this.loaderMillis = loaderMillis;
			this.threads = threads;
			SingleFlightScope scope = way.equals("cluster") ? SingleFlightScope.CLUSTER : SingleFlightScope.INSTANCE;
			this.instances[0] = store.instance(scope);
			this.instances[1] = store.instance(scope);
		}

		Run measure(int rounds) throws Exception {
			String run = UUID.randomUUID().toString();
			// One unmeasured round first: the code paths are compiled and the connections busy once.
			round("sku:" + run + ":warm-up", false);
			for (int round = 0; round < rounds; round++) {
				round("sku:" + run + ":" + round, true);
				Thread.sleep(100);
			}
			return this;
		}

		private void round(String key, boolean counted) throws Exception {
			AtomicInteger loaded = new AtomicInteger();
			String value = "price-of-" + key;
			CountDownLatch ready = new CountDownLatch(CALLERS);
			CountDownLatch go = new CountDownLatch(1);
			long waitsBefore = waits();
			long waiterCommandsBefore = waiterCommands();
			ServerCommands server = this.store.commands();
			Map<String, Long> before = (server != null) ? server.read() : Map.of();
			List<Future<Long>> finished = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				AssembledCache cache = this.instances[i % 2];
				finished.add(this.threads.submit(() -> {
					ready.countDown();
					go.await();
					Object got = get(cache, key, () -> {
						loaded.incrementAndGet();
						Thread.sleep(this.loaderMillis);
						return value;
					});
					long end = System.nanoTime();
					if (!value.equals(got)) {
						throw new IllegalStateException("A caller got " + got + ", not " + value);
					}
					return end;
				}));
			}
			ready.await();
			long start = System.nanoTime();
			go.countDown();
			long last = start;
			List<Double> mine = new ArrayList<>();
			for (Future<Long> end : finished) {
				long at = end.get(60, TimeUnit.SECONDS);
				last = Math.max(last, at);
				mine.add((at - start) / 1e6);
			}
			if (!counted) {
				return;
			}
			this.loads.add((double) loaded.get());
			this.allHaveIt.add((last - start) / 1e6);
			this.callers.addAll(mine);
			this.waits += waits() - waitsBefore;
			this.waiterCommands += waiterCommands() - waiterCommandsBefore;
			if (server != null) {
				this.commands.add((double) ServerCommands.total(ServerCommands.delta(before, server.read())));
			}
		}

		private Object get(AssembledCache cache, String key, Callable<String> loader)
				throws Exception {
			if (!this.way.equals("none")) {
				return cache.get(key, loader);
			}
			Cache.ValueWrapper found = cache.get(key);
			if (found != null) {
				return found.get();
			}
			String loaded = loader.call();
			cache.put(key, loaded);
			return loaded;
		}

		private long waits() {
			return this.instances[0].storeCache().clusterWaits() + this.instances[1].storeCache().clusterWaits();
		}

		private long waiterCommands() {
			return this.instances[0].storeCache().clusterWaiterCommands()
					+ this.instances[1].storeCache().clusterWaiterCommands();
		}

		void print(String backend, long millis, String way) {
			int rounds = this.loads.size();
			System.out.printf(Locale.ROOT, "| %s | %d ms | %s | %s | %.1f / %.1f | %.1f / %.1f | %.2f | %s | %s |%n",
					backend, millis, way, spread(this.loads, "%.0f"), quantile(this.allHaveIt, 0.5),
					Collections.max(this.allHaveIt), quantile(this.callers, 0.5), quantile(this.callers, 0.99),
					this.waits / (double) rounds,
					(this.waits > 0) ? String.format(Locale.ROOT, "%.1f", this.waiterCommands / (double) this.waits)
							: "–",
					this.commands.isEmpty() ? "n/a" : spread(this.commands, "%.0f"));
			System.out.flush();
		}

		private static String spread(List<Double> values, String format) {
			return String.format(Locale.ROOT, format + " (" + format + " – " + format + ")", quantile(values, 0.5),
					Collections.min(values), Collections.max(values));
		}

		private static double quantile(List<Double> values, double q) {
			List<Double> sorted = new ArrayList<>(values);
			Collections.sort(sorted);
			return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
		}

	}

}
