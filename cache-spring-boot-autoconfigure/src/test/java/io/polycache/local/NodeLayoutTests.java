package io.polycache.local;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fields each entry carries, which make its size (docs/performance.md, bytes per
 * entry): an entry without a TTL has no place in the expiry queue, and an LFU or RANDOM
 * entry with one keeps its ring time in the 4 bytes its layout would otherwise pad.
 * With compressed references, 12 bytes of header and 4 per reference or int: an
 * {@code LfuNode} is 32 bytes, an {@code ExpiringLfuNode} 48 with no padding (12 + 7 × 4 + 8).
 */
class NodeLayoutTests {

	@Test
	void entriesWithoutATtlCarryNoExpiryFields() {
		assertThat(fields(LinkedNode.class)).containsExactlyInAnyOrder("key", "value", "prev", "next");
		assertThat(fields(LfuPolicy.LfuNode.class)).containsExactlyInAnyOrder("key", "value", "prev", "next", "bucket");
		assertThat(fields(RandomPolicy.SlotNode.class)).containsExactlyInAnyOrder("key", "value", "slot");
	}

	@Test
	void entriesWithATtlCarryTheirExpiryAndTheirPlace() {
		assertThat(fields(LinkedNode.ExpiringLinkedNode.class)).containsExactlyInAnyOrder("key", "value", "prev",
				"next", "expiresAt", "expirySlot");
		assertThat(fields(LfuPolicy.ExpiringLfuNode.class)).containsExactlyInAnyOrder("key", "value", "prev", "next",
				"bucket", "expiresAt", "expirySlot", "scheduledExpiry");
		assertThat(fields(RandomPolicy.ExpiringSlotNode.class)).containsExactlyInAnyOrder("key", "value", "slot",
				"expiresAt", "expirySlot", "scheduledExpiry");
	}

	private static List<String> fields(Class<?> type) {
		List<String> names = new ArrayList<>();
		for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
			for (Field field : c.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers())) {
					names.add(field.getName());
				}
			}
		}
		return names;
	}

}
