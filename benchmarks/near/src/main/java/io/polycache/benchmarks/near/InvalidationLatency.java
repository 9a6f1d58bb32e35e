package io.polycache.benchmarks.near;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.polycache.benchmarks.support.LoopbackServer;
import io.polycache.core.NearStatistics;
import io.polycache.internal.AssembledCache;

/**
 * How long after a write returns on one instance the other instance's near copy is gone:
 * two instances (each its own connection factory and redis backend, as two applications)
 * on one redis-server started here, both with a near tier on the same cache. Each round,
 * instance B reads a key until its near tier serves it, A puts a new value, and from the
 * return of A's put this thread watches B's near statistics until B has dropped its copy
 * (B's invalidation count moves); then B must read the new value. The watch yields
 * between looks, so that B's pub/sub thread and redis get a core on a small machine.
 * <p>Prints p50, p90, p99, p99.9 and the maximum in microseconds, from the return of A's
 * put (the measure; an invalidation that arrived before it counts as 0) and from
 * its call (the whole way: A's write, redis, B's subscriber); how many invalidations had
 * already arrived when the put returned; and how many never arrived within a second or left
 * a stale read (both should be zero).
 * <p>Arguments: {@code writes warmupWrites}, by default {@code 2000 500}.
 */
public final class InvalidationLatency {

	private static final int KEYS = 100;

	private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(1);

	private InvalidationLatency() {
	}

	public static void main(String[] args) throws Exception {
		int writes = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		int warmups = (args.length > 1) ? Integer.parseInt(args[1]) : 500;
		String loadBefore = NearCompare.loadAverage();
		try (LoopbackServer server = LoopbackServer.redis();
				RedisInstance first = new RedisInstance(server.port());
				RedisInstance second = new RedisInstance(server.port())) {
			if (!first.pushesInvalidations()) {
				System.out.println("The redis backend of this build does not push invalidations: a near copy lives "
						+ "until near.ttl, so there is no invalidation latency to measure.");
				System.exit(1);
			}
			try (AssembledCache a = first.cache(true); AssembledCache b = second.cache(true)) {
				measure(a, b, writes, warmups, loadBefore);
			}
		}
	}

	private static void measure(AssembledCache a, AssembledCache b, int writes, int warmups, String loadBefore)
			throws IOException {
		String[] keys = new String[KEYS];
		for (int i = 0; i < KEYS; i++) {
			keys[i] = HotKeys.key(i);
			a.put(keys[i], "initial");
		}
		long[] latencies = new long[writes];
		long[] fromCall = new long[writes];
		int arrivedBeforeReturn = 0;
		int lost = 0;
		int stale = 0;
		for (int round = -warmups; round < writes; round++) {
			String key = keys[Math.floorMod(round, KEYS)];
			String value = "value " + round;
			holdCopy(b, key);
			long invalidations = near(b).invalidations();
			long called = System.nanoTime();
			a.put(key, value);
			long returned = System.nanoTime();
			boolean arrived = near(b).invalidations() != invalidations;
			long now = returned;
			while (!arrived && now - returned < GIVE_UP_NANOS) {
				Thread.yield();
				arrived = near(b).invalidations() != invalidations;
				now = System.nanoTime();
			}
			boolean fresh = value.equals(get(b, key));
			if (round >= 0) {
				latencies[round] = now - returned;
				fromCall[round] = now - called;
				arrivedBeforeReturn += (now == returned) ? 1 : 0;
				lost += arrived ? 0 : 1;
				stale += fresh ? 0 : 1;
			}
		}
		if (!near(b).serving()) {
			throw new IllegalStateException("B's near tier stopped serving during the run: " + near(b));
		}
		Arrays.sort(latencies);
		Arrays.sort(fromCall);
		System.out.printf(Locale.ROOT, "%nMachine: %d processors; load average before: %s, after: %s%n",
				Runtime.getRuntime().availableProcessors(), loadBefore, NearCompare.loadAverage());
		System.out.printf(Locale.ROOT,
				"Run: %d measured writes after %d warm-up writes, round-robin over %d keys; instance A puts, "
						+ "instance B holds a near copy%n%n",
				writes, warmups, KEYS);
		System.out.println("| measured from | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
		row("the return of A's put", latencies);
		row("the call of A's put", fromCall);
		System.out.printf(Locale.ROOT,
				"%nOf %d writes: %d had dropped B's copy by the time A's put returned, %d never did within 1 s, "
						+ "%d left B reading a stale value after.%n",
				writes, arrivedBeforeReturn, lost, stale);
	}

	private static void row(String label, long[] sorted) {
		System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f |%n", label, micros(sorted, 0.5),
				micros(sorted, 0.9), micros(sorted, 0.99), micros(sorted, 0.999), sorted[sorted.length - 1] / 1e3);
	}

	/** Reads the key on B until B's near tier answers it. */
	private static void holdCopy(AssembledCache b, String key) {
		for (int attempt = 0; attempt < 100; attempt++) {
			long hits = near(b).hits();
			get(b, key);
			if (near(b).hits() != hits) {
				return;
			}
		}
		throw new IllegalStateException("B's near tier never held " + key + ": " + near(b));
	}

	private static Object get(AssembledCache cache, String key) {
		return Objects.requireNonNull(cache.get(key), key).get();
	}

	private static NearStatistics near(AssembledCache cache) {
		return cache.nearStatistics().orElseThrow();
	}

	private static double micros(long[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e3;
	}

}
