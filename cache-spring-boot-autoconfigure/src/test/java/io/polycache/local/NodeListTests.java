package io.polycache.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Lists whose links are indexes into one shared {@link NodeTable}, as LFU's buckets share
 * one: random adds, moves, removals and clears against a model of plain Java lists, with
 * every link, end and table slot checked after each step.
 */
class NodeListTests {

	private static final int LISTS = 4;

	private final Map<LinkedNode, Integer> listOfNode = new HashMap<>();

	private final List<NodeList> lists = new ArrayList<>();

	private final NodeTable table = new NodeTable((node) -> this.lists.get(this.listOfNode.get(node)));

	private final List<List<LinkedNode>> model = new ArrayList<>();

	NodeListTests() {
		for (int i = 0; i < LISTS; i++) {
			this.lists.add(new NodeList(this.table));
			this.model.add(new ArrayList<>());
		}
	}

	@Test
	void randomOperationsKeepEveryListAndTheTableExact() {
		SplittableRandom random = new SplittableRandom(15);
		List<LinkedNode> removed = new ArrayList<>();
		int nextKey = 0;
		for (int step = 0; step < 40_000; step++) {
			int op = random.nextInt(100);
			int list = random.nextInt(LISTS);
			List<LinkedNode> nodes = this.model.get(list);
			// Grows for the first half (net +20% of steps), then shrinks (net -45%) to nearly
			// empty, so the table grows and shrinks.
			boolean growing = step < 20_000;
			if (op < (growing ? 45 : 10) || nodes.isEmpty() && op < 90) {
				LinkedNode node = new LinkedNode(nextKey++, "v");
				this.lists.get(list).add(node);
				this.listOfNode.put(node, list);
				nodes.add(node);
			}
			else if (nodes.isEmpty()) {
				continue;
			}
			else if (op >= 93) {
				// Half the time the last node, which the new one replaces in place.
				int at = random.nextBoolean() ? nodes.size() - 1 : random.nextInt(nodes.size());
				LinkedNode leaving = nodes.remove(at);
				LinkedNode entering = new LinkedNode(nextKey++, "v");
				this.lists.get(list).replace(leaving, entering);
				this.listOfNode.remove(leaving);
				this.listOfNode.put(entering, list);
				nodes.add(entering);
				removed.add(leaving);
				assertThat(leaving.isRemoved()).isTrue();
			}
			else if (op < (growing ? 60 : 30)) {
				LinkedNode node = nodes.remove(random.nextInt(nodes.size()));
				this.lists.get(list).moveToTail(node);
				nodes.add(node);
			}
			else if (op < (growing ? 75 : 45)) {
				int to = random.nextInt(LISTS);
				LinkedNode node = nodes.remove(random.nextInt(nodes.size()));
				this.lists.get(list).moveTo(node, this.lists.get(to));
				this.listOfNode.put(node, to);
				this.model.get(to).add(node);
			}
			else {
				LinkedNode node = nodes.remove(random.nextInt(nodes.size()));
				this.lists.get(list).remove(node);
				this.listOfNode.remove(node);
				removed.add(node);
				assertThat(node.isRemoved()).isTrue();
			}
			if (step % 251 == 0 || step > 39_950) {
				checkAgainstModel();
			}
		}
		checkAgainstModel();
		assertThat(removed).allSatisfy((node) -> assertThat(node.isRemoved()).isTrue());
		assertThat(this.table.capacity()).as("a table shrinks as its lists empty").isLessThan(1_024);
	}

	@Test
	void clearMarksEveryNodeRemovedAndEmptiesEveryList() {
		List<LinkedNode> all = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			LinkedNode node = new LinkedNode(i, "v");
			this.lists.get(i % LISTS).add(node);
			this.listOfNode.put(node, i % LISTS);
			all.add(node);
		}
		this.table.clear();
		this.lists.forEach(NodeList::clear);
		assertThat(this.table.size()).isZero();
		assertThat(this.lists).allSatisfy((list) -> {
			assertThat(list.isEmpty()).isTrue();
			assertThat(list.first()).isNull();
			assertThat(list.last()).isNull();
		});
		assertThat(all).allSatisfy((node) -> {
			assertThat(node.isRemoved()).isTrue();
			assertThat(node.prev).isEqualTo(NodeTable.NIL);
		});
		LinkedNode again = new LinkedNode("again", "v");
		this.lists.get(0).add(again);
		assertThat(this.lists.get(0).first()).isSameAs(again);
		assertThat(this.table.size()).isOne();
	}

	@Test
	void aNodeAloneInItsListIsAloneAndMovingTheTailChangesNothing() {
		NodeList list = this.lists.get(0);
		LinkedNode a = new LinkedNode("a", "v");
		list.add(a);
		this.listOfNode.put(a, 0);
		assertThat(NodeList.isAlone(a)).isTrue();
		LinkedNode b = new LinkedNode("b", "v");
		list.add(b);
		this.listOfNode.put(b, 0);
		assertThat(NodeList.isAlone(a)).isFalse();
		list.moveToTail(b);
		assertThat(list.first()).isSameAs(a);
		assertThat(list.last()).isSameAs(b);
		list.moveToTail(a);
		assertThat(list.first()).isSameAs(b);
		assertThat(list.last()).isSameAs(a);
	}

	@Test
	void aBoundedTableGrowsToItsBoundAndNoFurther() {
		this.table.setBound(1_000);
		NodeList list = this.lists.get(0);
		for (int i = 0; i < 1_000; i++) {
			LinkedNode node = new LinkedNode(i, "v");
			list.add(node);
			this.listOfNode.put(node, 0);
		}
		assertThat(this.table.capacity()).as("one slot per entry at the bound, not 1,024").isEqualTo(1_000);
		this.table.setBound(0);
		LinkedNode beyond = new LinkedNode("beyond", "v");
		list.add(beyond);
		assertThat(this.table.capacity()).as("unbounded: doubles").isEqualTo(2_000);
	}

	@Test
	void growthNeverOverflowsTheLengthOfAnArray() {
		assertThat(Policy.grownLength(0, 0)).isEqualTo(Policy.MIN_ARRAY_LENGTH);
		assertThat(Policy.grownLength(16, 20)).isEqualTo(20);
		assertThat(Policy.grownLength(16, 10)).as("past a lowered bound: doubles").isEqualTo(32);
		assertThat(Policy.grownLength(1 << 30, 0)).isEqualTo(Policy.MAX_ARRAY_LENGTH);
		assertThat(Policy.grownLength(Integer.MAX_VALUE / 2 + 1, 0)).isEqualTo(Policy.MAX_ARRAY_LENGTH);
		assertThatIllegalStateException().isThrownBy(() -> Policy.grownLength(Policy.MAX_ARRAY_LENGTH, 0))
			.withMessageContaining("at most");
	}

	private void checkAgainstModel() {
		int total = 0;
		for (int l = 0; l < LISTS; l++) {
			NodeList list = this.lists.get(l);
			List<LinkedNode> expected = this.model.get(l);
			total += expected.size();
			List<LinkedNode> forward = new ArrayList<>();
			for (int i = list.head; i != NodeTable.NIL; i = this.table.at(i).next) {
				forward.add(this.table.at(i));
				assertThat(forward.size()).as("a cycle in list %d", l).isLessThanOrEqualTo(expected.size());
			}
			assertThat(forward).as("list %d, head to tail", l).containsExactlyElementsOf(expected);
			List<LinkedNode> backward = new ArrayList<>();
			for (int i = list.tail; i != NodeTable.NIL; i = this.table.at(i).prev) {
				backward.add(0, this.table.at(i));
				assertThat(backward.size()).as("a cycle in list %d", l).isLessThanOrEqualTo(expected.size());
			}
			assertThat(backward).as("list %d, tail to head", l).containsExactlyElementsOf(expected);
			assertThat(list.first()).isSameAs(expected.isEmpty() ? null : expected.get(0));
			assertThat(list.last()).isSameAs(expected.isEmpty() ? null : expected.get(expected.size() - 1));
		}
		assertThat(this.table.size()).as("the table holds exactly the listed nodes").isEqualTo(total);
		List<LinkedNode> inTable = new ArrayList<>();
		this.table.forEach(inTable::add);
		assertThat(inTable).hasSize(total).allSatisfy((node) -> assertThat(this.listOfNode).containsKey(node));
	}

}
