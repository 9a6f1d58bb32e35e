package io.polycache.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.polycache.core.EvictionRule;
import io.polycache.testfixtures.ReferencePolicyModel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ordered policies on enough keys that their {@link NodeTable} grows, moves its last
 * node into holes (for LFU across buckets, mended through each node's bucket) and shrinks,
 * with clears between: the victim is the reference model's after every step, and evicting
 * every entry in turn names them all in the model's order.
 */
class PolicyTableTests {

	private static final int KEYS = 400;

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.polycache.testfixtures.ReferencePolicyModel#everyOrderedRule")
	void victimsFollowTheRuleWhileTheTableGrowsAndShrinks(EvictionRule rule) {
		SplittableRandom random = new SplittableRandom(rule.toString().hashCode());
		Policy policy = Policy.create(rule, new SplittableRandom(1));
		ReferencePolicyModel model = new ReferencePolicyModel(rule, 0);
		Map<Long, Node> nodes = new HashMap<>();
		List<Node> gone = new ArrayList<>();
		for (int step = 0; step < 12_000; step++) {
			// Mostly inserts for the first third, then mostly removals, then mixed.
			int phase = step / 4_000;
			long key = random.nextInt(KEYS);
			Node node = nodes.get(key);
			int operation = random.nextInt(100);
			if (operation == 0 && step % 7 == 0) {
				policy.clear();
				nodes.keySet().forEach((cleared) -> model.remove(cleared, 0));
				gone.addAll(nodes.values());
				nodes.clear();
			}
			else if (node == null && operation < ((phase == 1) ? 20 : 80)) {
				node = policy.newNode(key, key, Node.NEVER);
				policy.onInsert(node);
				nodes.put(key, node);
				model.put(key, key, ReferencePolicyModel.NEVER, 0);
			}
			else if (node != null && operation < 30) {
				if (policy.tracksReads()) {
					policy.onRead(node);
				}
				model.get(key, 0);
			}
			else if (node != null && operation < 45) {
				policy.onWrite(node);
				model.put(key, key, ReferencePolicyModel.NEVER, 0);
			}
			else if (!nodes.isEmpty() && operation < ((phase == 1) ? 75 : 55)) {
				Node victim = policy.victim();
				assertThat(victim.key).isEqualTo(model.nextVictim());
				policy.onRemove(victim);
				nodes.remove(victim.key);
				model.remove((Long) victim.key, 0);
				gone.add(victim);
			}
			else if (node != null) {
				policy.onRemove(node);
				nodes.remove(key);
				model.remove(key, 0);
				gone.add(node);
			}
			if (!nodes.isEmpty()) {
				assertThat(policy.victim().key).as("step %d, %s", step, rule).isEqualTo(model.nextVictim());
			}
		}
		while (!nodes.isEmpty()) {
			Node victim = policy.victim();
			assertThat(victim.key).as("draining, %s", rule).isEqualTo(model.nextVictim());
			policy.onRemove(victim);
			nodes.remove(victim.key);
			model.remove((Long) victim.key, 0);
			gone.add(victim);
		}
		assertThat(gone).allSatisfy((node) -> assertThat(node.isRemoved()).isTrue());
	}

}
