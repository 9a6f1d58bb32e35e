package io.polycache.benchmarks.local;

import java.time.Duration;

import org.springframework.cache.Cache;

/**
 * One thread's puts (or a read/put mix) through Spring's {@link Cache}, as {@link CacheBenchmark}'s
 * {@code put} workload does them, for a count of work that the machine's load does not move.
 * Run under {@code valgrind --tool=callgrind --dump-before=JVM_GC}: the warm-up is followed by
 * two {@link System#gc()}s, the measured operations by a third, so the third dump holds the
 * measured operations and one collection, and the second one collection alone; their
 * difference over the operation count is one operation's instructions (and, with
 * {@code --cache-sim=yes}, its cache misses). Arguments: implementation, warm-up operations,
 * measured operations, read percentage (default 0).
 */
public final class PutCost {

	private PutCost() {
	}

	public static void main(String[] args) {
		Implementation implementation = Implementation.valueOf(args[0]);
		int warmUp = Integer.parseInt(args[1]);
		int measured = Integer.parseInt(args[2]);
		int readPercent = (args.length > 3) ? Integer.parseInt(args[3]) : 0;
		// Caffeine's maintenance on the calling thread, so every instruction of a put is counted.
		Cache cache = implementation.create(CacheBenchmark.CACHE_SIZE, Scenario.ADVERSARIAL.ttl(), Runnable::run);
		for (int rank = 0; rank < CacheBenchmark.CACHE_SIZE; rank++) {
			Object key = KeyStream.keyOfRank(true, rank, 0);
			cache.put(key, key);
		}
		KeyStream stream = KeyStream.of(true, 1000, 1, false);
		long sink = run(cache, stream, 0, warmUp, readPercent);
		System.gc();
		System.gc();
		sink += run(cache, stream, warmUp, measured, readPercent);
		System.gc();
		System.out.println("PUTCOST " + implementation + " " + measured + " " + (sink & 1));
	}

	private static long run(Cache cache, KeyStream stream, int from, int count, int readPercent) {
		long sink = 0;
		for (int n = from; n < from + count; n++) {
			int i = n & KeyStream.MASK;
			Object key = stream.keys[i];
			if (stream.dice[i] < readPercent) {
				sink += (cache.get(key) != null) ? 1 : 0;
			}
			else {
				cache.put(key, key);
			}
		}
		return sink;
	}

}
