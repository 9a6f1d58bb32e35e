package io.polycache.autoconfigure;

import java.time.Duration;

import io.polycache.internal.SerializationLimits;
import io.polycache.spi.PolycacheConfigurationException;

/**
 * Checks the {@code cache.serialization.*} limits and turns them into
 * {@link SerializationLimits}; a value that is not positive, or too large to be a limit,
 * stops start-up naming the property.
 */
final class SerializationLimitsResolver {

	private static final String PREFIX = "cache.serialization.";

	private SerializationLimitsResolver() {
	}

	static SerializationLimits resolve(SerializationProperties serialization) {
		long maxBytes = serialization.getMaxBytes().toBytes();
		check("max-bytes", serialization.getMaxBytes(), maxBytes > 0 && maxBytes <= Integer.MAX_VALUE - 16,
				"between 1B and 2047MB");
		check("max-depth", serialization.getMaxDepth(), serialization.getMaxDepth() > 0, "positive");
		check("max-references", serialization.getMaxReferences(), serialization.getMaxReferences() > 0, "positive");
		check("max-array-length", serialization.getMaxArrayLength(), serialization.getMaxArrayLength() > 0,
				"positive");
		check("max-expanded-objects", serialization.getMaxExpandedObjects(),
				serialization.getMaxExpandedObjects() > 0, "positive");
		Duration maxReadTime = serialization.getMaxReadTime();
		check("max-read-time", maxReadTime, !maxReadTime.isNegative() && !maxReadTime.isZero(), "positive");
		return new SerializationLimits((int) maxBytes, serialization.getMaxDepth(), serialization.getMaxReferences(),
				serialization.getMaxArrayLength(), serialization.getMaxExpandedObjects(), maxReadTime);
	}

	private static void check(String name, Object value, boolean valid, String expected) {
		if (!valid) {
			throw new PolycacheConfigurationException(PREFIX + name, value, "the limit must be " + expected,
					"Set " + PREFIX + name + " to a " + expected + " value, or remove it to use the default.");
		}
	}

}
