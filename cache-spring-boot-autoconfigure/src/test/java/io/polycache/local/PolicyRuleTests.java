package io.polycache.local;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.polycache.core.EvictionRule;
import io.polycache.testfixtures.ReferencePolicyModel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local store's policy structures follow their {@link EvictionRule}, for every rule it
 * can express and not only the six policies' own: on random inserts, reads, overwrites and
 * removals, the structure {@link Policy#create(EvictionRule, java.util.random.RandomGenerator)}
 * builds names the victim the shared reference model finds by scanning with the rule's
 * comparator, after every operation. So a policy whose rule changes (LFU's tie-break, say)
 * changes the local store with it.
 */
class PolicyRuleTests {

	private static final int KEYS = 8;

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.polycache.testfixtures.ReferencePolicyModel#everyOrderedRule")
	void victimIsTheRulesFirst(EvictionRule rule) {
		SplittableRandom random = new SplittableRandom(rule.toString().hashCode());
		Policy policy = Policy.create(rule, new SplittableRandom(1));
		ReferencePolicyModel model = new ReferencePolicyModel(rule, 0);
		Map<Long, Node> nodes = new HashMap<>();
		int checked = 0;
		for (int step = 0; step < 2_000; step++) {
			long key = random.nextInt(KEYS);
			Node node = nodes.get(key);
			int operation = random.nextInt(10);
			if (node == null && operation < 8) {
				node = policy.newNode(key, key, Node.NEVER);
				policy.onInsert(node);
				nodes.put(key, node);
				model.put(key, key, ReferencePolicyModel.NEVER, 0);
			}
			else if (node != null && operation < 5) {
				if (policy.tracksReads()) {
					policy.onRead(node);
				}
				model.get(key, 0);
			}
			else if (node != null && operation < 8) {
				policy.onWrite(node);
				model.put(key, key, ReferencePolicyModel.NEVER, 0);
			}
			else if (node != null) {
				policy.onRemove(node);
				nodes.remove(key);
				model.remove(key, 0);
			}
			if (!nodes.isEmpty()) {
				assertThat(policy.victim().key).as("step %d, %s", step, rule).isEqualTo(model.nextVictim());
				checked++;
			}
		}
		assertThat(checked).as("victims compared").isGreaterThan(1_000);
	}

}
