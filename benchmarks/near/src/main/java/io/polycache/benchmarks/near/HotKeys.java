package io.polycache.benchmarks.near;

import java.util.SplittableRandom;

/**
 * The keys the near benchmarks read: {@value #KEYS} {@code String} keys, and pre-drawn
 * Zipf(0.99) streams over them in which rank 0 is the hottest key of every stream, so
 * that threads with their own streams meet on the same hot keys. Each caller of
 * {@link #stream} gets its own {@code String} instances, as an application builds a fresh
 * key per request, so a lookup compares two equal strings rather than two references.
 * Drawing a key costs a benchmark one array read. Thread-safe: nothing is shared.
 */
final class HotKeys {

	/** Keys in all; every one of them fits in the caches measured. */
	static final int KEYS = 1 << 13;

	/** Positions in a stream: a power of two. */
	static final int LENGTH = 1 << 20;

	static final int MASK = LENGTH - 1;

	private static final double THETA = 0.99;

	private HotKeys() {
	}

	/** The key of {@code id}, a new instance on every call. */
	static String key(int id) {
		return new StringBuilder("product:").append(id).toString();
	}

	/** {@link #LENGTH} keys drawn from Zipf(0.99) with this seed, as instances of their own. */
	static String[] stream(long seed) {
		double[] cumulative = new double[KEYS];
		double sum = 0;
		for (int rank = 0; rank < KEYS; rank++) {
			sum += 1 / Math.pow(rank + 1, THETA);
			cumulative[rank] = sum;
		}
		String[] instances = new String[KEYS];
		String[] stream = new String[LENGTH];
		SplittableRandom random = new SplittableRandom(seed);
		for (int i = 0; i < LENGTH; i++) {
			int rank = rank(cumulative, random.nextDouble() * sum);
			if (instances[rank] == null) {
				instances[rank] = key(rank);
			}
			stream[i] = instances[rank];
		}
		return stream;
	}

	/** Share of a stream's draws that fall on the {@code top} hottest keys. */
	static double share(int top) {
		double all = 0;
		double hot = 0;
		for (int rank = 0; rank < KEYS; rank++) {
			double weight = 1 / Math.pow(rank + 1, THETA);
			all += weight;
			hot += (rank < top) ? weight : 0;
		}
		return hot / all;
	}

	/** The first rank whose cumulative weight reaches {@code u}. */
	private static int rank(double[] cumulative, double u) {
		int low = 0;
		int high = cumulative.length - 1;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (cumulative[middle] < u) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

}
