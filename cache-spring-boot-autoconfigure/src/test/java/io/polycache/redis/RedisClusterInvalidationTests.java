package io.polycache.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

import static io.polycache.redis.RecordingInvalidationListener.ALL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalidations between two instances on the three-master loopback cluster: a script's
 * {@code PUBLISH} on any master reaches the one node B subscribed on, and removals and
 * clears spanning slots are announced slot by slot.
 */
class RedisClusterInvalidationTests extends AbstractRedisInvalidationTests {

	private static RedisServers.Cluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = RedisServers.cluster(3);
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Override
	protected LettuceConnectionFactory connectionFactory() {
		return cluster.connectionFactory(Duration.ofSeconds(5));
	}

	@Override
	protected void killClients(String type) {
		for (LoopbackServer node : cluster.nodes()) {
			RedisServers.cli(node, "client", "kill", "type", type);
		}
	}

	@Test
	void writesOnEveryMasterAndAcrossSlotsAreHeard() throws InterruptedException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		IntStream.range(0, 300).forEach(i -> entries.put(key("s" + i), bytes("v")));
		Set<Integer> slots = entries.keySet().stream().map(ClusterSlotHashUtil::calculateSlot).collect(Collectors.toSet());
		assertThat(slots).as("the keys span many slots, so every master").hasSizeGreaterThan(100);
		entries.forEach((key, value) -> this.storeA.put(key, value, Duration.ZERO));
		assertThat(this.heardOnB.next(300, BOUND)).containsExactlyInAnyOrderElementsOf(entries.keySet());

		List<String> some = entries.keySet().stream().limit(100).toList();
		assertThat(this.storeA.removeAll(some)).isEqualTo(100);
		assertThat(this.heardOnB.next(100, BOUND)).containsExactlyInAnyOrderElementsOf(some);

		this.storeA.clear();
		assertThat(this.heardOnB.skipTo(ALL, BOUND)).isNotNull();
		assertThat(this.storeA.getAll(entries.keySet())).isEmpty();
	}

}
