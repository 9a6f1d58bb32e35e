package io.polycache.benchmarks.local;

import java.util.SplittableRandom;

/**
 * Pre-generated Zipf-distributed key streams, so that drawing a key costs the benchmark an
 * array read and nothing else. Ranks follow YCSB's Zipfian generator (Gray et al.,
 * "Quickly generating billion-record synthetic databases"); a rank is scrambled to a key by
 * a fixed permutation, so popular keys are spread over the key space rather than being
 * the smallest numbers.
 */
final class ZipfKeys {

	/** The skew of every stream. */
	static final double THETA = 0.99;

	private final int items;

	private final double zetan;

	private final double alpha;

	private final double eta;

	private final double halfPowTheta;

	ZipfKeys(int items) {
		this.items = items;
		this.zetan = zeta(items);
		double zeta2 = zeta(2);
		this.alpha = 1.0 / (1.0 - THETA);
		this.eta = (1 - Math.pow(2.0 / items, 1 - THETA)) / (1 - zeta2 / this.zetan);
		this.halfPowTheta = Math.pow(0.5, THETA);
	}

	/** A popularity rank: 0 is the most popular. */
	int nextRank(SplittableRandom random) {
		double u = random.nextDouble();
		double uz = u * this.zetan;
		if (uz < 1.0) {
			return 0;
		}
		if (uz < 1.0 + this.halfPowTheta) {
			return 1;
		}
		return Math.min(this.items - 1, (int) (this.items * Math.pow(this.eta * u - this.eta + 1, this.alpha)));
	}

	/** The key of a rank: a fixed permutation of {@code [0, items)} for a power-of-two item count. */
	int key(int rank) {
		// Multiplying by an odd constant is a bijection modulo a power of two.
		return (int) ((rank * 0x9E3779B1L) & (this.items - 1));
	}

	/** {@code length} keys drawn from this distribution. */
	int[] stream(int length, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int[] keys = new int[length];
		for (int i = 0; i < length; i++) {
			keys[i] = key(nextRank(random));
		}
		return keys;
	}

	private static double zeta(long n) {
		double sum = 0;
		for (long i = 1; i <= n; i++) {
			sum += 1 / Math.pow(i, THETA);
		}
		return sum;
	}

}
