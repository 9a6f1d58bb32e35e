package io.polycache.autoconfigure;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

/** Two instances with a near tier on the three-master loopback cluster. */
class RedisClusterNearTierTests extends AbstractRedisNearTierTests {

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
	protected String[] redisProperties() {
		return new String[] { "spring.data.redis.cluster.nodes="
				+ cluster.nodes().stream().map(LoopbackServer::address).collect(Collectors.joining(",")) };
	}

	@Override
	protected Set<String> pubSubClients() {
		Set<String> clients = new HashSet<>();
		cluster.nodes().forEach((node) -> RedisServers.pubSubClients(node)
			.forEach((id) -> clients.add(node.port() + "/" + id)));
		return clients;
	}

	@Override
	protected void killEveryClient() {
		for (LoopbackServer node : cluster.nodes()) {
			RedisServers.cli(node, "client", "kill", "type", "normal");
			RedisServers.cli(node, "client", "kill", "type", "pubsub");
		}
	}

}
