package io.polycache.benchmarks.local;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

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
 * thread-safe (building is serialized).
 */
final class KeyStream {

	/** Positions in a stream: a power of two, long enough that threads starting apart rarely meet. */
	static final int LENGTH = 1 << 20;

	static final int MASK = LENGTH - 1;

	private static final ZipfKeys ZIPF = new ZipfKeys(CacheBenchmark.KEY_SPACE);

	private static final ZipfKeys HOT = new ZipfKeys(CacheBenchmark.CACHE_SIZE);

	private static final Long[] LONGS = new Long[CacheBenchmark.KEY_SPACE];

	/** Built streams by seed, family and kind. Guarded by the class lock, as are the families. */
	private static final Map<String, KeyStream> STREAMS = new HashMap<>();

	/** String instances by family, each created when a stream first draws its key. */
	private static final Map<Integer, String[]> STRING_FAMILIES = new HashMap<>();

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
		// Hits: Zipf over the ranks the cache is filled with, the most popular keys.
		ZipfKeys ranks = hitsOnly ? HOT : ZIPF;
		SplittableRandom random = new SplittableRandom(seed);
		this.keys = new Object[LENGTH];
		this.dice = new byte[LENGTH];
		for (int i = 0; i < LENGTH; i++) {
			this.keys[i] = key(strings, ZIPF.key(ranks.nextRank(random)), family);
			this.dice[i] = (byte) random.nextInt(100);
		}
	}

	/**
	 * The stream of {@code seed}, with the key instances of {@code family} (ignored for
	 * {@link Long} keys); with {@code hitsOnly}, only keys of ranks below
	 * {@link CacheBenchmark#CACHE_SIZE}, the ones the cache is filled with.
	 */
	static synchronized KeyStream of(boolean strings, long seed, int family, boolean hitsOnly) {
		String id = strings + "/" + seed + "/" + family + "/" + hitsOnly;
		return STREAMS.computeIfAbsent(id, (ignored) -> new KeyStream(strings, seed, family, hitsOnly));
	}

	/**
	 * The key of popularity {@code rank} (0 is the most popular), as an instance of
	 * {@code family}: what the cache is filled with.
	 */
	static synchronized Object keyOfRank(boolean strings, int rank, int family) {
		return key(strings, ZIPF.key(rank), family);
	}

	/** The instance of {@code key} in {@code family}: one {@link String} per key and family. */
	private static Object key(boolean strings, int key, int family) {
		if (!strings) {
			return LONGS[key];
		}
		String[] instances = STRING_FAMILIES.computeIfAbsent(family, (ignored) -> new String[CacheBenchmark.KEY_SPACE]);
		String instance = instances[key];
		if (instance == null) {
			// As an application key looks: a prefix and an id, built per family.
			instance = new StringBuilder("product:").append(key).toString();
			instances[key] = instance;
		}
		return instance;
	}

}
