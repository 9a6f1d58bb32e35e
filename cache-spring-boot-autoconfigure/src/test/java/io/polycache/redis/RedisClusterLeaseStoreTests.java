package io.polycache.redis;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.spi.Leases;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease contract on a three-master Redis Cluster on loopback: lease keys hash over
 * every slot, each command and script names one key, so each runs on its key's master.
 */
class RedisClusterLeaseStoreTests extends AbstractRedisLeaseStoreTests {

	private static RedisServers.Cluster cluster;

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void startCluster() {
		cluster = RedisServers.cluster(3);
		connectionFactory = cluster.connectionFactory(Duration.ofSeconds(5));
	}

	@AfterAll
	static void stopCluster() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Override
	RedisConnectionFactory factory() {
		return connectionFactory;
	}

	@Test
	void leasesOfOneCacheLiveOnEveryMaster() {
		Leases leases = leases("spread");
		Set<Integer> slots = IntStream.range(0, 60)
			.mapToObj((i) -> leases.keys().toStoreKey(i))
			.peek((key) -> assertThat(leases.store().compareAndSet(key, null, "token", LONG)).isTrue())
			.map((key) -> ClusterSlotHashUtil.calculateSlot(key))
			.collect(Collectors.toSet());
		assertThat(slots).hasSizeGreaterThan(30);
		for (var node : cluster.nodes()) {
			assertThat(Long.parseLong(RedisServers.cli(node, "dbsize").strip())).as(node.address()).isPositive();
		}
	}

}
