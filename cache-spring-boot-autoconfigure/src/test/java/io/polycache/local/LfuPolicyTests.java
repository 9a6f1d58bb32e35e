package io.polycache.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionRule;
import io.polycache.core.EvictionRule.End;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LFU's buckets by id: with more use counts at once than it keeps spare buckets (1,024),
 * emptied buckets beyond the spares are discarded and new ones take their ids, while the
 * entries left keep theirs; a clear starts the ids anew. Every entry is then evicted in
 * the rule's order.
 */
class LfuPolicyTests {

	private static final int COUNTS = 1_500;

	@ParameterizedTest(name = "among equal counts: {0}")
	@EnumSource(End.class)
	void newBucketsTakeTheIdsOfDiscardedOnes(End amongEqualCounts) {
		Policy policy = Policy.create(EvictionRule.byUseCount(amongEqualCounts), new SplittableRandom(1));
		for (int wave = 0; wave < 2; wave++) {
			Map<Long, Node> nodes = new HashMap<>();
			// Keys 0 to 1,499, key k used k + 1 times: 1,500 buckets.
			insertWithDistinctCounts(policy, nodes, 0);
			// 1,250 leave: 1,024 buckets kept as spares, 226 discarded.
			for (long key = 0; key < COUNTS; key++) {
				if (key % 2 == 0 || key < 1_000) {
					policy.onRemove(nodes.remove(key));
				}
			}
			assertThat(policy.victim().key).isEqualTo(1_001L);
			// 1,500 more, of every count: the spares, then the freed ids, then new ones.
			insertWithDistinctCounts(policy, nodes, 10_000);
			List<Long> expected = new ArrayList<>();
			for (long key = 0; key < COUNTS; key++) {
				boolean old = key % 2 == 1 && key > 1_000;
				if (old && amongEqualCounts == End.LOWEST) {
					expected.add(key);
				}
				expected.add(10_000 + key);
				if (old && amongEqualCounts == End.HIGHEST) {
					expected.add(key);
				}
			}
			// The first wave evicts 1,300 (emptying 1,024 buckets kept and 176 discarded) and
			// clears the rest with ids free; the second evicts every one.
			int evictions = (wave == 0) ? 1_300 : expected.size();
			List<Object> evicted = new ArrayList<>();
			for (int i = 0; i < evictions; i++) {
				Node victim = policy.victim();
				evicted.add(victim.key);
				policy.onRemove(victim);
				nodes.remove((Long) victim.key);
			}
			assertThat(evicted).as("wave %d", wave).containsExactlyElementsOf(expected.subList(0, evictions));
			policy.clear();
			assertThat(nodes.values()).allSatisfy((node) -> assertThat(node.isRemoved()).isTrue());
		}
	}

	/** Inserts keys {@code from} to {@code from + 1,499}, key {@code from + n} used {@code n + 1} times. */
	private static void insertWithDistinctCounts(Policy policy, Map<Long, Node> nodes, long from) {
		for (int n = 0; n < COUNTS; n++) {
			Node node = policy.newNode(from + n, "v", Node.NEVER);
			policy.onInsert(node);
			nodes.put(from + n, node);
			for (int use = 0; use < n; use++) {
				policy.onRead(node);
			}
		}
	}

}
