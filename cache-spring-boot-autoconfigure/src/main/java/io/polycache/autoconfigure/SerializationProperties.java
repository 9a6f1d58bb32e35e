package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.unit.DataSize;

import io.polycache.internal.SerializationLimits;

/**
 * Which classes a serializer may instantiate when it reads a value back, and how much
 * reading one value may cost; a value beyond a limit reads as a miss and is removed.
 */
public class SerializationProperties {

	/**
	 * Packages whose classes may be read back, beyond the JDK's value types and the
	 * application's own packages (those of its @SpringBootApplication class).
	 */
	private List<String> allowedPackages = new ArrayList<>();

	/** The largest value read back or written; longer stored values are a miss without decoding. */
	private DataSize maxBytes = DataSize.ofBytes(SerializationLimits.DEFAULT_MAX_BYTES);

	/** How deeply objects (jdk) or arrays and objects (json) in one value may nest. */
	private int maxDepth = SerializationLimits.DEFAULT_MAX_DEPTH;

	/** How many objects and references to objects one jdk value may hold; for json, how many tokens. */
	private long maxReferences = SerializationLimits.DEFAULT_MAX_REFERENCES;

	/** The longest array one jdk value may create. */
	private int maxArrayLength = SerializationLimits.DEFAULT_MAX_ARRAY_LENGTH;

	/**
	 * How many objects one jdk value may expand to when each reference to a shared
	 * object counts it again; bounds the hashing work of sets built from shared parts.
	 */
	private long maxExpandedObjects = SerializationLimits.DEFAULT_MAX_EXPANDED_OBJECTS;

	/** How long reading one jdk value may take before it is abandoned as a miss. */
	private Duration maxReadTime = SerializationLimits.DEFAULT_MAX_READ_TIME;

	public List<String> getAllowedPackages() {
		return this.allowedPackages;
	}

	public void setAllowedPackages(List<String> allowedPackages) {
		this.allowedPackages = allowedPackages;
	}

	public DataSize getMaxBytes() {
		return this.maxBytes;
	}

	public void setMaxBytes(DataSize maxBytes) {
		this.maxBytes = maxBytes;
	}

	public int getMaxDepth() {
		return this.maxDepth;
	}

	public void setMaxDepth(int maxDepth) {
		this.maxDepth = maxDepth;
	}

	public long getMaxReferences() {
		return this.maxReferences;
	}

	public void setMaxReferences(long maxReferences) {
		this.maxReferences = maxReferences;
	}

	public int getMaxArrayLength() {
		return this.maxArrayLength;
	}

	public void setMaxArrayLength(int maxArrayLength) {
		this.maxArrayLength = maxArrayLength;
	}

	public long getMaxExpandedObjects() {
		return this.maxExpandedObjects;
	}

	public void setMaxExpandedObjects(long maxExpandedObjects) {
		this.maxExpandedObjects = maxExpandedObjects;
	}

	public Duration getMaxReadTime() {
		return this.maxReadTime;
	}

	public void setMaxReadTime(Duration maxReadTime) {
		this.maxReadTime = maxReadTime;
	}

}
