package io.polycache.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** RANDOM picks each live entry as its victim equally often, and never the entry being put. */
class RandomPolicyTests {

	@Test
	void victimIsUniformAmongExistingEntries() {
		int capacity = 10;
		int trials = 20_000;
		int[] evicted = new int[capacity];
		SplittableRandom seeds = new SplittableRandom(7);
		for (int trial = 0; trial < trials; trial++) {
			LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, capacity, EvictionPolicy.RANDOM, new MutableClock(), new StatsCounter(),
					seeds.split());
			for (int key = 0; key < capacity; key++) {
				store.put(key, key, Duration.ZERO);
			}
			// Reads and removals reshuffle the slots; they must not bias the choice.
			store.remove(3);
			store.put(3, 3, Duration.ZERO);
			store.put(capacity, capacity, Duration.ZERO);
			assertThat(store.contains(capacity)).isTrue();
			int missing = 0;
			for (int key = 0; key < capacity; key++) {
				if (!store.contains(key)) {
					evicted[key]++;
					missing++;
				}
			}
			assertThat(missing).isEqualTo(1);
		}
		// Expected 2,000 each; a binomial standard deviation is about 42, so 5 sigma is ±212.
		for (int key = 0; key < capacity; key++) {
			assertThat(evicted[key]).as("evictions of key %d", key).isBetween(1_788, 2_212);
		}
	}

	/**
	 * Replacing a victim, removing and inserting in any order keeps every entry in exactly
	 * one slot: each victim named is a live entry, and taking victims until none is left
	 * names every live entry once.
	 */
	@Test
	void replacedVictimsLeaveEveryEntryInOneSlot() {
		Policy policy = Policy.create(EvictionPolicy.RANDOM, new SplittableRandom(3));
		SplittableRandom random = new SplittableRandom(11);
		List<Node> live = new ArrayList<>();
		int replaced = 0;
		for (int step = 0; step < 20_000; step++) {
			int operation = random.nextInt(10);
			Node node = policy.newNode(step, step, Node.NEVER);
			if (live.isEmpty() || operation < 3) {
				policy.onInsert(node);
				live.add(node);
			}
			else if (operation < 8) {
				Node victim = policy.victim();
				assertThat(live.remove(victim)).as("victim %s is live", victim.key).isTrue();
				policy.replace(victim, node);
				assertThat(victim.isRemoved()).isTrue();
				live.add(node);
				replaced++;
			}
			else {
				Node removed = live.remove(random.nextInt(live.size()));
				policy.onRemove(removed);
			}
		}
		assertThat(replaced).isGreaterThan(5_000);
		Set<Node> named = new HashSet<>();
		while (!live.isEmpty()) {
			Node victim = policy.victim();
			assertThat(named.add(victim)).as("named once").isTrue();
			assertThat(live.remove(victim)).as("victim %s is live", victim.key).isTrue();
			policy.onRemove(victim);
		}
	}

	/**
	 * The slot array grows with the entries and halves as they leave, so a store that
	 * emptied keeps no array sized for its peak; the entries left are still each in one
	 * slot, and a clear starts the array anew.
	 */
	@Test
	void theSlotArrayShrinksAsEntriesLeave() {
		RandomPolicy policy = (RandomPolicy) Policy.create(EvictionPolicy.RANDOM, new SplittableRandom(5));
		List<Node> live = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			Node node = policy.newNode(i, i, Node.NEVER);
			policy.onInsert(node);
			live.add(node);
		}
		assertThat(policy.capacity()).isGreaterThanOrEqualTo(10_000);
		SplittableRandom random = new SplittableRandom(9);
		while (live.size() > 10) {
			policy.onRemove(live.remove(random.nextInt(live.size())));
		}
		assertThat(policy.capacity()).as("halved below a quarter full").isLessThanOrEqualTo(64);
		Set<Node> named = new HashSet<>();
		for (int i = 0; i < 10; i++) {
			Node victim = policy.victim();
			assertThat(live).contains(victim);
			assertThat(named.add(victim)).as("named once").isTrue();
			policy.onRemove(victim);
		}
		assertThat(policy.capacity()).isEqualTo(Policy.MIN_ARRAY_LENGTH);
		Node again = policy.newNode(-1, -1, Node.NEVER);
		policy.onInsert(again);
		policy.clear();
		assertThat(again.isRemoved()).isTrue();
		assertThat(policy.capacity()).isEqualTo(Policy.MIN_ARRAY_LENGTH);
	}

	/** A clear starts the slot array anew, whatever length it had grown to. */
	@Test
	void aClearStartsTheSlotArrayAnew() {
		RandomPolicy policy = (RandomPolicy) Policy.create(EvictionPolicy.RANDOM, new SplittableRandom(5));
		for (int i = 0; i < 1_000; i++) {
			policy.onInsert(policy.newNode(i, i, Node.NEVER));
		}
		assertThat(policy.capacity()).isGreaterThanOrEqualTo(1_000);
		policy.clear();
		assertThat(policy.capacity()).isEqualTo(Policy.MIN_ARRAY_LENGTH);
	}

}
