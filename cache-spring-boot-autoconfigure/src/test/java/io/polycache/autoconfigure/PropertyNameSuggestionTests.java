package io.polycache.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which known name a misspelled property is taken for, and when none is suggested. */
class PropertyNameSuggestionTests {

	private static final List<String> KNOWN = List.of("ttl", "max-entries", "eviction", "version", "type",
			"refresh-after", "store-by-value", "key-prefix");

	@Test
	void oneLetterMissingIsTheKnownName() {
		assertThat(PropertyNameSuggestion.closest("evicton", KNOWN)).isEqualTo("eviction");
		assertThat(PropertyNameSuggestion.closest("max-entires", KNOWN)).isEqualTo("max-entries");
	}

	@Test
	void knownNameWithWordsAddedIsTheKnownName() {
		assertThat(PropertyNameSuggestion.closest("ttl-typo", KNOWN)).isEqualTo("ttl");
		assertThat(PropertyNameSuggestion.closest("default-ttl", KNOWN)).isEqualTo("ttl");
	}

	@Test
	void caseDoesNotMatter() {
		assertThat(PropertyNameSuggestion.closest("Eviction-Policy", KNOWN)).isEqualTo("eviction");
	}

	@Test
	void farFromEveryKnownNameSuggestsNothing() {
		assertThat(PropertyNameSuggestion.closest("colour", KNOWN)).isNull();
		assertThat(PropertyNameSuggestion.closest("tt-typo", KNOWN)).isNull();
	}

	@Test
	void distanceCountsInsertionsDeletionsAndSubstitutions() {
		assertThat(PropertyNameSuggestion.distance("evicton", "eviction")).isEqualTo(1);
		assertThat(PropertyNameSuggestion.distance("kitten", "sitting")).isEqualTo(3);
		assertThat(PropertyNameSuggestion.distance("", "ttl")).isEqualTo(3);
	}

}
