package io.polycache.core;

import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionRule.End;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** What an {@link EvictionRule} says, read back as the stores read it. */
class EvictionRuleTests {

	/** Metadata as (inserted, last used, uses). */
	private record Entry(String name, long inserted, long used, long uses) {
	}

	private static final List<Entry> ENTRIES = List.of(new Entry("old-busy", 1, 9, 4), new Entry("young-idle", 5, 5, 1),
			new Entry("mid-once", 3, 6, 1), new Entry("mid-twice", 4, 8, 2));

	@Test
	void victimFirstOrdersFromTheRulesEnd() {
		assertThat(first(EvictionRule.byInsertion(End.LOWEST))).isEqualTo("old-busy");
		assertThat(first(EvictionRule.byInsertion(End.HIGHEST))).isEqualTo("young-idle");
		assertThat(first(EvictionRule.byLastUse(End.LOWEST))).isEqualTo("young-idle");
		assertThat(first(EvictionRule.byLastUse(End.HIGHEST))).isEqualTo("old-busy");
		assertThat(first(EvictionRule.byUseCount(End.LOWEST))).isEqualTo("young-idle");
		assertThat(first(EvictionRule.byUseCount(End.HIGHEST))).isEqualTo("mid-once");
	}

	@ParameterizedTest
	@EnumSource(EvictionPolicy.class)
	void readsAreUsesExactlyForPoliciesThatRankByUse(EvictionPolicy policy) {
		boolean byUse = policy == EvictionPolicy.LRU || policy == EvictionPolicy.MRU || policy == EvictionPolicy.LFU;
		assertThat(policy.rule().readsAreUses()).isEqualTo(byUse);
	}

	@Test
	void randomHasNoOrder() {
		assertThatIllegalStateException().isThrownBy(() -> first(EvictionRule.random()));
		assertThat(EvictionPolicy.RANDOM.rule().ranking()).isEqualTo(EvictionRule.Ranking.NONE);
	}

	private static String first(EvictionRule rule) {
		Comparator<Entry> order = rule.victimFirst(Entry::inserted, Entry::used, Entry::uses);
		return ENTRIES.stream().min(order).orElseThrow().name();
	}

}
