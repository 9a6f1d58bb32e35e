package io.polycache.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExpiryQueue} against a sorted map: random schedules (mostly in order of expiry,
 * as with one TTL, some not), removals from anywhere, expiries that move later behind its
 * back, and purges; every purge must return exactly the entries expired by then. Nodes of
 * three layouts: expiry, place and scheduled time in fields of their own (an LFU entry
 * with a TTL), expiry and place only (an LRU entry with a TTL), or none (an entry given a
 * TTL after its insert, its expiry in an {@link Node.Expiring} value); a third of the rounds
 * only the first, so the queue never needs its array of times.
 */
class ExpiryQueueTests {

	@Test
	void purgesExactlyWhatExpiredWhateverTheOrderOfScheduling() {
		SplittableRandom random = new SplittableRandom(11);
		for (int round = 0; round < 200; round++) {
			ExpiryQueue queue = new ExpiryQueue();
			TreeMap<Integer, Node> live = new TreeMap<>();
			long now = 0;
			int next = 0;
			for (int step = 0; step < 2_000; step++) {
				int dice = random.nextInt(100);
				if (dice < 50) {
					// Mostly a fixed TTL, so in order; sometimes shorter, so out of order; rarely
					// over 24 days, beyond the ring's offsets.
					long ttl = (random.nextInt(5) == 0) ? 1 + random.nextInt(50) : 100;
					if (random.nextInt(50) == 0) {
						ttl = 3_000_000_000L + random.nextInt(1000);
					}
					Node node = newNode(next, now + ttl, (round % 3 == 1) ? 0 : random.nextInt((round % 3 == 0) ? 3 : 2) + 1);
					queue.schedule(node);
					live.put(next++, node);
				}
				else if (dice < 65 && !live.isEmpty()) {
					// Anywhere, or the newest, as an MRU or LIFO victim.
					Node node = live.remove((dice < 58) ? pick(live, random) : live.lastKey());
					queue.remove(node);
				}
				else if (dice < 75 && !live.isEmpty()) {
					// A lock-free overwrite: the expiry moves later, the queue is not told.
					Node node = live.get(pick(live, random));
					setExpiry(node, node.expiresAt() + 1 + random.nextInt(100));
				}
				else if (dice < 85 && !live.isEmpty()) {
					// A locked overwrite: the expiry moves anywhere, and is rescheduled.
					Node node = live.get(pick(live, random));
					setExpiry(node, now + 1 + random.nextInt(150));
					queue.schedule(node);
				}
				else {
					now += (random.nextInt(100) == 0) ? 3_000_000_000L : random.nextInt(20);
					long at = now;
					List<Object> purged = new ArrayList<>();
					queue.drainExpired(at, (node) -> {
						queue.remove(node);
						purged.add(node.key);
					});
					List<Object> expected = new ArrayList<>();
					live.values().removeIf((node) -> {
						boolean expired = node.expiresAt() <= at;
						if (expired) {
							expected.add(node.key);
						}
						return expired;
					});
					assertThat(purged).containsExactlyInAnyOrderElementsOf(expected);
					assertThat(queue.hasExpired(at)).isFalse();
				}
				assertThat(queue.size()).isEqualTo(live.size());
			}
		}
	}

	@Test
	void entriesRemovedNewestFirstLeaveNoHolesBehind() {
		ExpiryQueue queue = new ExpiryQueue();
		for (int key = 0; key < 1_000; key++) {
			queue.schedule(newNode(key, 10_000 + key, 1));
		}
		// An MRU store's churn, one TTL: each insert evicts the one inserted just before it,
		// which leaves the queue before the new one is scheduled, as LocalStore.insert does.
		Node newest = newNode(1_000, 20_000, 1);
		queue.schedule(newest);
		for (int key = 1_001; key < 100_000; key++) {
			queue.remove(newest);
			newest = newNode(key, 20_000 + key, 1);
			queue.schedule(newest);
		}
		assertThat(queue.size()).isEqualTo(1_001);
		assertThat(queue.ringSpan()).isEqualTo(1_001);
		List<Object> purged = new ArrayList<>();
		queue.drainExpired(10_499, (node) -> {
			queue.remove(node);
			purged.add(node.key);
		});
		assertThat(purged).hasSize(500).allMatch((key) -> (int) key < 500);
		assertThat(queue.ringSpan()).isEqualTo(501);
	}

	/**
	 * The ring halves below an eighth full and the heap below a quarter, so a store that
	 * emptied keeps no arrays sized for its peak; what is left still purges exactly, and a
	 * clear starts both anew.
	 */
	@Test
	void arraysShrinkAsEntriesLeave() {
		ExpiryQueue queue = new ExpiryQueue();
		List<Node> nodes = new ArrayList<>();
		for (int key = 0; key < 10_000; key++) {
			// In order of expiry: the ring.
			nodes.add(newNode(key, 100_000 + key, 1));
			queue.schedule(nodes.get(key));
		}
		for (int key = 10_000; key < 12_000; key++) {
			// Before the ring's last: the heap.
			nodes.add(newNode(key, 60_000 - key, 1));
			queue.schedule(nodes.get(key));
		}
		assertThat(queue.capacities()[0]).isGreaterThanOrEqualTo(10_000);
		assertThat(queue.capacities()[1]).isGreaterThanOrEqualTo(2_000);
		SplittableRandom random = new SplittableRandom(3);
		List<Node> left = new ArrayList<>();
		for (int key = 0; key < nodes.size(); key++) {
			// Ten of the ring's and ten of the heap's stay, the rest leave in random order.
			if (key < 10_000 && key % 1_000 == 7 || key >= 10_000 && key % 200 == 3) {
				left.add(nodes.get(key));
			}
		}
		List<Node> leaving = new ArrayList<>(nodes);
		leaving.removeAll(left);
		while (!leaving.isEmpty()) {
			queue.remove(leaving.remove(random.nextInt(leaving.size())));
		}
		assertThat(queue.size()).isEqualTo(20);
		assertThat(queue.capacities()[0]).as("the ring, halved").isLessThanOrEqualTo(128);
		assertThat(queue.capacities()[1]).as("the heap, halved").isLessThanOrEqualTo(128);
		List<Object> purged = new ArrayList<>();
		queue.drainExpired(Long.MAX_VALUE - 1, (node) -> {
			queue.remove(node);
			purged.add(node.key);
		});
		assertThat(purged).containsExactlyInAnyOrderElementsOf(left.stream().map((node) -> node.key).toList());
		queue.schedule(newNode(-1, 5, 1));
		queue.clear();
		assertThat(queue.capacities()).containsExactly(Policy.MIN_ARRAY_LENGTH, Policy.MIN_ARRAY_LENGTH);
		assertThat(queue.size()).isZero();
	}

	/**
	 * One TTL, the count a little over half the ring's length, dipping under it now and
	 * then: the ring grows once, when its tail reaches the end over half full, and then
	 * keeps its length, not halved at the next dip and grown again some 500 appends later.
	 */
	@Test
	void aCountAboutHalfTheRingDoesNotCopyItBackAndForth() {
		ExpiryQueue queue = new ExpiryQueue();
		ArrayDeque<Node> live = new ArrayDeque<>();
		int resized = 0;
		int length = queue.capacities()[0];
		for (int key = 0; key < 200_000; key++) {
			Node node = newNode(key, 1_000_000 + key, 1);
			queue.schedule(node);
			live.add(node);
			// The oldest leave while more than 514 are left, or 510 once every 600 appends.
			int bound = (key % 600 == 0) ? 510 : 514;
			while (live.size() > bound) {
				queue.remove(live.poll());
			}
			if (queue.capacities()[0] != length) {
				length = queue.capacities()[0];
				resized++;
			}
		}
		assertThat(queue.size()).isEqualTo(live.size());
		// Six doublings from 16 to 1,024 on the way up, then at most once to 2,048.
		assertThat(resized).isLessThanOrEqualTo(7);
	}

	/** A clear starts the ring and the heap anew, whatever length they had grown to. */
	@Test
	void aClearStartsTheArraysAnew() {
		ExpiryQueue queue = new ExpiryQueue();
		for (int key = 0; key < 1_000; key++) {
			// In order of expiry, then before the ring's last: the ring, then the heap.
			queue.schedule(newNode(key, (key < 500) ? 10_000 + key : 5_000 - key, 1));
		}
		assertThat(queue.capacities()[0]).isGreaterThan(Policy.MIN_ARRAY_LENGTH);
		assertThat(queue.capacities()[1]).isGreaterThan(Policy.MIN_ARRAY_LENGTH);
		queue.clear();
		assertThat(queue.capacities()).containsExactly(Policy.MIN_ARRAY_LENGTH, Policy.MIN_ARRAY_LENGTH);
		assertThat(queue.size()).isZero();
	}

	private static Node newNode(int key, long expiresAt, int layout) {
		return switch (layout) {
			case 0 -> new LfuPolicy.ExpiringLfuNode(key, key, expiresAt);
			case 1 -> new LinkedNode.ExpiringLinkedNode(key, key, expiresAt);
			default -> new Node(key, new Node.Expiring(key, expiresAt));
		};
	}

	private static void setExpiry(Node node, long expiresAt) {
		if (node.keepsExpiry()) {
			node.setOwnExpiry(expiresAt);
		}
		else {
			node.value = new Node.Expiring(node.key, expiresAt);
		}
	}

	private static int pick(TreeMap<Integer, Node> live, SplittableRandom random) {
		Integer key = live.ceilingKey(random.nextInt(live.lastKey() + 1));
		return (key != null) ? key : live.firstKey();
	}

}
