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
 * The local store's policy structures follow their {@link EvictionRule}, for every rule it
 * can express and not only the six policies' own: on random inserts, reads, overwrites and
 * removals, the structure {@link Policy#create(EvictionRule, java.util.random.RandomGenerator)}
 * builds names the victim the shared reference model finds by scanning with the rule's
 * comparator, after every operation. So a policy whose rule changes (LFU's tie-break, say)
 * changes the local store with it.
 */
class PolicyRuleTests {

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.polycache.testfixtures.ReferencePolicyModel#everyOrderedRule")
	void victimIsTheRulesFirst(EvictionRule rule) {
		Both both = new Both(rule);
		SplittableRandom random = new SplittableRandom(rule.toString().hashCode());
		int checked = 0;
		for (int step = 0; step < 2_000; step++) {
			long key = random.nextInt(8);
			int operation = random.nextInt(10);
			if (!both.has(key) && operation < 8) {
				both.insertOrReplace(key, random.nextBoolean(), "step " + step);
			}
			else if (both.has(key) && operation < 5) {
				both.read(key);
			}
			else if (both.has(key) && operation < 8) {
				both.write(key);
			}
			else if (both.has(key)) {
				both.remove(key);
			}
			if (both.checkVictim("step " + step)) {
				checked++;
			}
		}
		assertThat(checked).as("victims compared").isGreaterThan(1_000);
	}

	/**
	 * On 400 keys, so that the policy's {@link NodeTable} grows, moves its last node into
	 * holes (for LFU across buckets, mended through each node's bucket) and shrinks, with
	 * clears between: mostly inserts (a third of them replacing the victim) for the first
	 * third, then mostly evictions, then mixed.
	 * Evicting every entry at the end names them all in the model's order.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("io.polycache.testfixtures.ReferencePolicyModel#everyOrderedRule")
	void victimsFollowTheRuleWhileTheTableGrowsAndShrinks(EvictionRule rule) {
		Both both = new Both(rule);
		SplittableRandom random = new SplittableRandom(rule.toString().hashCode());
		for (int step = 0; step < 12_000; step++) {
			boolean shrinking = step / 4_000 == 1;
			long key = random.nextInt(400);
			int operation = random.nextInt(100);
			if (operation == 0 && step % 7 == 0) {
				both.clear();
			}
			else if (!both.has(key) && operation < (shrinking ? 20 : 80)) {
				both.insertOrReplace(key, operation % 3 == 0, "step " + step);
			}
			else if (both.has(key) && operation < 30) {
				both.read(key);
			}
			else if (both.has(key) && operation < 45) {
				both.write(key);
			}
			else if (both.size() > 0 && operation < (shrinking ? 75 : 55)) {
				both.evict("step " + step);
			}
			else if (both.has(key)) {
				both.remove(key);
			}
			both.checkVictim("step " + step);
		}
		while (both.size() > 0) {
			both.evict("draining");
		}
		assertThat(both.gone).allSatisfy((node) -> assertThat(node.isRemoved()).isTrue());
	}

	/** A policy and the reference model of its rule, given every operation alike. */
	private static final class Both {

		private final EvictionRule rule;

		private final Policy policy;

		private final ReferencePolicyModel model;

		private final Map<Long, Node> nodes = new HashMap<>();

		/** Every node that left the policy. */
		final List<Node> gone = new ArrayList<>();

		Both(EvictionRule rule) {
			this.rule = rule;
			this.policy = Policy.create(rule, new SplittableRandom(1));
			this.model = new ReferencePolicyModel(rule, 0);
		}

		boolean has(long key) {
			return this.nodes.containsKey(key);
		}

		int size() {
			return this.nodes.size();
		}

		void insert(long key) {
			Node node = this.policy.newNode(key, key, Node.NEVER);
			this.policy.onInsert(node);
			this.nodes.put(key, node);
			this.model.put(key, key, ReferencePolicyModel.NEVER, 0);
		}

		/**
		 * Inserts the key; with {@code evicting}, if there is an entry, as the store does when
		 * full: the policy's victim (the model's) replaced by the new entry in one step.
		 */
		void insertOrReplace(long key, boolean evicting, String when) {
			if (!evicting || this.nodes.isEmpty()) {
				insert(key);
				return;
			}
			Node victim = this.policy.victim();
			assertThat(victim.key).as("%s, %s", when, this.rule).isEqualTo(this.model.nextVictim());
			Node node = this.policy.newNode(key, key, Node.NEVER);
			this.policy.replace(victim, node);
			this.nodes.remove(victim.key);
			this.model.remove((Long) victim.key, 0);
			this.gone.add(victim);
			this.nodes.put(key, node);
			this.model.put(key, key, ReferencePolicyModel.NEVER, 0);
		}

		void read(long key) {
			if (this.policy.tracksReads()) {
				this.policy.onRead(this.nodes.get(key));
			}
			this.model.get(key, 0);
		}

		void write(long key) {
			this.policy.onWrite(this.nodes.get(key));
			this.model.put(key, key, ReferencePolicyModel.NEVER, 0);
		}

		void remove(long key) {
			Node node = this.nodes.remove(key);
			this.policy.onRemove(node);
			this.model.remove(key, 0);
			this.gone.add(node);
		}

		/** Takes out the policy's victim, which must be the model's. */
		void evict(String when) {
			Node victim = this.policy.victim();
			assertThat(victim.key).as("%s, %s", when, this.rule).isEqualTo(this.model.nextVictim());
			remove((Long) victim.key);
		}

		void clear() {
			this.policy.clear();
			this.nodes.keySet().forEach((key) -> this.model.remove(key, 0));
			this.gone.addAll(this.nodes.values());
			this.nodes.clear();
		}

		/** Whether there was a victim to compare, and it was the model's. */
		boolean checkVictim(String when) {
			if (this.nodes.isEmpty()) {
				return false;
			}
			assertThat(this.policy.victim().key).as("%s, %s", when, this.rule).isEqualTo(this.model.nextVictim());
			return true;
		}

	}

}
