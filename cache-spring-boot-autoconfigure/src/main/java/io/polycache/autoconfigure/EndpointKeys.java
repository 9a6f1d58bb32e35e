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

	/**
	 * The text (a key, a principal's name) as a log line may show it: control characters
	 * (a line break that would forge a log line, a tab) escaped as {@code \n}, {@code \r},
	 * {@code \t} or a backslash, {@code u} and four hex digits, and a backslash doubled, so
	 * that every escape reads back; printable text is shown as it is.
	 */
	static String forLog(String text) {
		StringBuilder shown = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> shown.append("\\\\");
				case '\n' -> shown.append("\\n");
				case '\r' -> shown.append("\\r");
				case '\t' -> shown.append("\\t");
				default -> {
					if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
						shown.append(String.format("\\u%04x", (int) c));
					}
					else {
						shown.append(c);
					}
				}
			}
		}
		return shown.toString();
	}

	/** The key type's name, {@code string} when none is given. */
	static String typeName(@Nullable String keyType) {
		return (keyType != null) ? keyType.strip().toLowerCase(Locale.ROOT) : "string";
	}

}
