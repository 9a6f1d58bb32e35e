package io.polycache.local;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExpirySlots}: the places of entries given a TTL after their insert, kept in a
 * table that does not stay sized for a burst of them once they are gone.
 */
class ExpirySlotsTests {

	@Test
	void aBurstOfEntriesLeavesNoTableSizedForItBehind() {
		ExpirySlots slots = new ExpirySlots();
		List<Node> nodes = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			// No field of its own for a place: an entry inserted without a TTL.
			Node node = new LinkedNode(i, i);
			slots.set(node, i);
			nodes.add(node);
		}
		assertThat(slots.peak()).isEqualTo(10_000);
		for (int i = 0; i < 9_990; i++) {
			slots.set(nodes.get(i), Node.UNSCHEDULED);
		}
		assertThat(slots.peak()).as("sized again for what is left").isLessThan(2_500);
		for (int i = 0; i < 10_000; i++) {
			assertThat(slots.get(nodes.get(i))).isEqualTo((i < 9_990) ? Node.UNSCHEDULED : i);
		}
		for (int i = 9_990; i < 10_000; i++) {
			slots.set(nodes.get(i), Node.UNSCHEDULED);
		}
		assertThat(slots.peak()).as("no table at all").isZero();
		Node again = new LinkedNode("again", 1);
		slots.set(again, 7);
		assertThat(slots.get(again)).isEqualTo(7);
	}

	@Test
	void nodesWithAFieldOfTheirOwnKeepTheirPlaceThere() {
		ExpirySlots slots = new ExpirySlots();
		Node node = new LinkedNode.ExpiringLinkedNode("key", 1, 100);
		slots.set(node, 3);
		assertThat(node.expirySlot()).isEqualTo(3);
		assertThat(slots.get(node)).isEqualTo(3);
		assertThat(slots.peak()).isZero();
	}

}
