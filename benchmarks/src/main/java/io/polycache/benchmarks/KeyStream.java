package io.polycache.benchmarks;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pre-generated stream of operations for a benchmark thread: Zipf(0.99) keys over
 * {@link CacheBenchmark#KEY_SPACE} and a die per position deciding read or write, or, for
 * the read-hit path, only keys the cache holds. Drawing an operation costs the benchmark
 * array reads and nothing else.
 * <p>The popularity of a key is the same in every stream (one rank-to-key permutation),
 * so the hot keys are shared by all threads; only the order of draws differs between
 * seeds. Keys are pre-boxed {@link Long}s shared by every stream, or {@link String}s
 * whose instances depend on the family: the cache is filled with family 0, the benchmark
 * threads read with family 1, as an application builds a fresh key per request, so a
 * lookup compares the characters of two equal strings, not two references. Streams are
 * immutable once built and cached per JVM, so every workload of a run reuses them;
 * thread-safe.
 */
final class KeyStream {

	/** Positions in a stream: a power of two, long enough that threads starting apart rarely meet. */
	static final int LENGTH = 1 << 21;

	static final int MASK = LENGTH - 1;

	private static final ZipfKeys ZIPF = new ZipfKeys(CacheBenchmark.KEY_SPACE);

	private static final ZipfKeys HOT = new ZipfKeys(CacheBenchmark.CACHE_SIZE);

	private static final Long[] LONGS = new Long[CacheBenchmark.KEY_SPACE];

	private static final Map<String, KeyStream> STREAMS = new ConcurrentHashMap<>();

	private static final Map<Integer, Object[]> STRING_FAMILIES = new ConcurrentHashMap<>();

	static {
		for (int key = 0; key < LONGS.length; key++) {
			LONGS[key] = (long) key;
		}
	}

	/** Keys in the order they are used. */
	final Object[] keys;

	/** A number in [0, 100) per position: the position reads when it is below the read percentage. */
	final byte[] dice;

	private KeyStream(boolean strings, long seed, int family, boolean hitsOnly) {
		Object[] instances = strings ? family(family) : LONGS;
		// Hits: Zipf over the ranks the cache is filled with, the most popular keys.
		ZipfKeys ranks = hitsOnly ? HOT : ZIPF;
		SplittableRandom random = new SplittableRandom(seed);
		this.keys = new Object[LENGTH];
		this.dice = new byte[LENGTH];
		for (int i = 0; i < LENGTH; i++) {
			this.keys[i] = instances[ZIPF.key(ranks.nextRank(random))];
			this.dice[i] = (byte) random.nextInt(100);
		}
	}

	/**
	 * The stream of {@code seed}, with the key instances of {@code family} (ignored for
	 * {@link Long} keys); with {@code hitsOnly}, only keys of ranks below
	 * {@link CacheBenchmark#CACHE_SIZE}, the ones the cache is filled with.
	 */
	static KeyStream of(boolean strings, long seed, int family, boolean hitsOnly) {
		String id = strings + "/" + seed + "/" + family + "/" + hitsOnly;
		return STREAMS.computeIfAbsent(id, (ignored) -> new KeyStream(strings, seed, family, hitsOnly));
	}

	/**
	 * The key of popularity {@code rank} (0 is the most popular), as an instance of
	 * {@code family}: what the cache is filled with.
	 */
	static Object keyOfRank(boolean strings, int rank, int family) {
		int key = ZIPF.key(rank);
		return strings ? family(family)[key] : LONGS[key];
	}

	/** One {@link String} instance per key, distinct from every other family's. */
	private static Object[] family(int family) {
		return STRING_FAMILIES.computeIfAbsent(family, (ignored) -> {
			Object[] strings = new Object[CacheBenchmark.KEY_SPACE];
			for (int key = 0; key < strings.length; key++) {
				// As an application key looks: a prefix and an id, built per family.
				strings[key] = new StringBuilder("product:").append(key).toString();
			}
			return strings;
		});
	}

}
