package io.polycache.spi;

import org.jspecify.annotations.Nullable;

/**
 * A {@code cache.*} property with a value Polycache cannot run with. Thrown at start-up,
 * and turned into a failure analysis that names the property, the value, what is wrong
 * and how to fix it.
 */
public class PolycacheConfigurationException extends RuntimeException {

	private final String property;

	private final @Nullable Object value;

	private final String reason;

	private final String action;

	/**
	 * @param property the full property name, such as {@code cache.backends.products.ttl}
	 * @param value the value that was configured
	 * @param reason what is wrong with it
	 * @param action what to change
	 */
	public PolycacheConfigurationException(String property, @Nullable Object value, String reason, String action) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public @Nullable Object getValue() {
		return this.value;
	}

	/** What is wrong with the value. */
	public String getReason() {
		return this.reason;
	}

	/** What the user should change, in a sentence or two. */
	public String getAction() {
		return this.action;
	}

}
