package io.polycache.benchmarks.near;

/** The caches {@link NearBenchmark} reads from, each built as the auto-configuration builds it. */
enum Implementation {

	/** A redis cache with a near tier holding every benchmark key: every read is a near hit. */
	NEAR,

	/** A local-memory cache of the same size, eviction and TTL holding the same keys. */
	LOCAL,

	/** The same redis cache without a near tier: every read is a {@code GET}. */
	REDIS

}
