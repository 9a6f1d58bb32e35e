package io.polycache.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Turns a key given to the {@code polycache} endpoint as a string into the application's
 * key: as it is ({@code string}, the default), or as a {@code long} or {@code int}. Never
 * guesses: {@code "42"} is the string unless the caller says otherwise, so an eviction
 * never reaches a key other than the one meant.
 */
final class EndpointKeys {

	private EndpointKeys() {
	}

	/**
	 * The key as the cache holds it.
	 * @throws IllegalArgumentException naming the key type or the key that does not fit it
	 */
	static Object parse(String key, @Nullable String keyType) {
		String type = typeName(keyType);
		try {
			return switch (type) {
				case "string" -> key;
				case "long" -> Long.valueOf(key);
				case "int" -> Integer.valueOf(key);
				default -> throw new IllegalArgumentException(
						"Unknown keyType '" + keyType + "': use string (the default), long or int");
			};
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Key '" + key + "' is not a " + type);
		}
	}

	/** The key type's name, {@code string} when none is given. */
	static String typeName(@Nullable String keyType) {
		return (keyType != null) ? keyType.strip().toLowerCase(Locale.ROOT) : "string";
	}

}
