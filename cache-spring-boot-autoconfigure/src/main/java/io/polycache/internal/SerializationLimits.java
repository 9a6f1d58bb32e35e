package io.polycache.internal;

import java.time.Duration;

/**
 * How much reading one stored value may cost, whatever its bytes say. A value beyond any
 * limit is refused like corrupt bytes: the cache reads it as a miss and removes it. The
 * defaults admit any value a cache should hold and stop hostile payloads within
 * milliseconds; docs/security.md explains each.
 * <p>Immutable.
 * @param maxBytes the largest value, in bytes, read at all; longer ones are refused
 * before decoding, and such values are not written either
 * @param maxDepth how deeply objects (JDK) or arrays and objects (JSON) may nest
 * @param maxReferences how many objects and references to objects one JDK stream may
 * hold; for JSON, how many tokens a document may hold
 * @param maxArrayLength the longest array a JDK stream may create; an array is also
 * refused when the value has fewer bytes than it claims elements
 * @param maxExpandedObjects how many objects a JDK stream may visit when every reference
 * to a shared object counts it again (and never more than 64 per byte of the value):
 * bounds the hashing that sets and maps built from shared parts do while they are read
 * @param maxReadTime how long one JDK read may take, checked at every object and
 * reference: the bound on work the other limits leave open, such as many sets that each
 * hash the same large shared set
 */
public record SerializationLimits(int maxBytes, int maxDepth, long maxReferences, int maxArrayLength,
		long maxExpandedObjects, Duration maxReadTime) {

	/** 16 MiB: memcached's items stop at 1 MiB, and a larger value is rarely worth caching. */
	public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

	/** Real values nest a dozen levels; deep recursion risks a stack overflow well beyond 1,000. */
	public static final int DEFAULT_MAX_DEPTH = 200;

	/** About 30 MB of small objects; the file store's and redis's own limits are far larger. */
	public static final long DEFAULT_MAX_REFERENCES = 1_000_000;

	/** As many elements as the largest value has bytes. */
	public static final int DEFAULT_MAX_ARRAY_LENGTH = DEFAULT_MAX_BYTES;

	/**
	 * As many as references: a value without shared collections or objects expands to no
	 * more objects than it holds references, so only shared parts can reach it.
	 */
	public static final long DEFAULT_MAX_EXPANDED_OBJECTS = DEFAULT_MAX_REFERENCES;

	/** A legitimate value within the other limits reads in a small fraction of it. */
	public static final Duration DEFAULT_MAX_READ_TIME = Duration.ofSeconds(1);

	public SerializationLimits {
		positive("maxBytes", maxBytes);
		positive("maxDepth", maxDepth);
		positive("maxReferences", maxReferences);
		positive("maxArrayLength", maxArrayLength);
		positive("maxExpandedObjects", maxExpandedObjects);
		positive("maxReadTime", maxReadTime.toNanos());
	}

	/** The documented defaults. */
	public static SerializationLimits defaults() {
		return new SerializationLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_REFERENCES,
				DEFAULT_MAX_ARRAY_LENGTH, DEFAULT_MAX_EXPANDED_OBJECTS, DEFAULT_MAX_READ_TIME);
	}

	private static void positive(String name, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive: " + value);
		}
	}

}
