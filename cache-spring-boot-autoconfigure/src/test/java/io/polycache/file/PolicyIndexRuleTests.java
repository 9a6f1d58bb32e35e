package io.polycache.file;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.polycache.core.EvictionRule;
import io.polycache.file.EntryFile.Policy;
import io.polycache.file.PolicyIndex.Node;
import io.polycache.testfixtures.ReferencePolicyModel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file store's index follows its {@link EvictionRule}, for every rule it can express
 * and not only the six policies' own: on random inserts, reads, overwrites and removals,
 * recorded with the metadata the store writes (an overwrite keeps the insertion stamp and
 * adds a use), the index names the victim the shared reference model finds by scanning
 * with the rule's comparator, after every operation.
 */
class PolicyIndexRuleTests {

	private static final int KEYS = 8;

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.polycache.testfixtures.ReferencePolicyModel#everyOrderedRule")
	void victimIsTheRulesFirst(EvictionRule rule) {
		SplittableRandom random = new SplittableRandom(rule.toString().hashCode());
		PolicyIndex index = new PolicyIndex(rule, new SplittableRandom(1));
		ReferencePolicyModel model = new ReferencePolicyModel(rule, 0);
		long stamp = 0;
		int checked = 0;
		for (int step = 0; step < 2_000; step++) {
			long key = random.nextInt(KEYS);
			String id = Long.toString(key);
			Node node = index.get(id);
			int operation = random.nextInt(10);
			if (node == null && operation < 8) {
				stamp++;
				index.put(id, new Policy(stamp, stamp, 1), EntryFile.NEVER);
				model.put(key, key, ReferencePolicyModel.NEVER, 0);
			}
			else if (node != null && operation < 5) {
				stamp++;
				if (index.tracksReads()) {
					index.use(node, stamp);
				}
				model.get(key, 0);
			}
			else if (node != null && operation < 8) {
				stamp++;
				index.put(id, new Policy(node.inserted, stamp, node.uses + 1), EntryFile.NEVER);
				model.put(key, key, ReferencePolicyModel.NEVER, 0);
			}
			else if (node != null) {
				index.remove(id);
				model.remove(key, 0);
			}
			if (index.size() > 0) {
				Node victim = index.victim("");
				assertThat(victim).isNotNull();
				assertThat(Long.valueOf(victim.id)).as("step %d, %s", step, rule).isEqualTo(model.nextVictim());
				checked++;
			}
		}
		assertThat(checked).as("victims compared").isGreaterThan(1_000);
	}

}
