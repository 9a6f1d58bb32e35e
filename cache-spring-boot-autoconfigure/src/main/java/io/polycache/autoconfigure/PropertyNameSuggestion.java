package io.polycache.autoconfigure;

import java.util.Collection;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Finds the known property name a misspelled one was most likely meant to be, by edit
 * distance. A name is suggested only when it is close: within about a third of its
 * length (at least one edit), or when the written name is the known one with words added
 * ({@code ttl-typo} for {@code ttl}). Stateless.
 */
final class PropertyNameSuggestion {

	private PropertyNameSuggestion() {
	}

	/**
	 * The known name closest to the written one, or {@code null} if none is close; names
	 * are compared in their dashed form, case-insensitively. On a tie, the first known name.
	 */
	static @Nullable String closest(String written, Collection<String> known) {
		String lower = written.toLowerCase(Locale.ROOT);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int distance = distance(lower, candidate);
			if (distance < bestDistance && isClose(lower, candidate, distance)) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return best;
	}

	private static boolean isClose(String written, String candidate, int distance) {
		return distance <= Math.max(1, candidate.length() / 3) || written.startsWith(candidate + "-")
				|| written.endsWith("-" + candidate);
	}

	/** Levenshtein distance: the fewest insertions, deletions and substitutions. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
