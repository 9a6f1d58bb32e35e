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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StoreCache;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.Leases;
import io.polycache.testfixtures.TestAssembly;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redis store on a three-master Redis Cluster on loopback: keys of one cache spread
 * over every master, and put, get, bulk get and put across slots, add, counters and clear
 * are correct.
 */
class RedisClusterTests {

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

	@Test
	void cacheWorksAcrossSlotsAndMasters() {
		StoreCache<String, byte[]> cache = cache(CacheSettings.builder("products").ttl(Duration.ofMinutes(5)).build());
		Map<String, String> entries = new LinkedHashMap<>();
		IntStream.range(0, 300).forEach(i -> entries.put("p" + i, "product-" + i));
		assertThat(slots(entries.keySet(), cache)).as("the keys span many slots").hasSizeGreaterThan(100);

		entries.forEach(cache::put);
		assertThat(cache.get("p7", String.class)).isEqualTo("product-7");
		assertThat(cache.getAll(entries.keySet())).isEqualTo(entries);
		assertThat(keysPerMaster("products:k2:1:*")).as("every master holds some").hasSize(3)
			.allSatisfy((node, count) -> assertThat(count).isPositive());

		cache.clear();
		Map<String, String> bulk = new LinkedHashMap<>();
		IntStream.range(0, 300).forEach(i -> bulk.put("b" + i, "bulk-" + i));
		cache.putAll(bulk);
		assertThat(cache.getAll(List.of("b1", "b150", "b299", "missing"))).containsOnlyKeys("b1", "b150", "b299");
		assertThat(cache.evictAll(List.of("b1", "b150", "missing"))).isEqualTo(2);
		assertThat(cache.getAll(bulk.keySet())).hasSize(298);
	}

	@Test
	void addAndCountersAreAtomicOnTheirMaster() {
		StoreCache<String, byte[]> cache = cache(CacheSettings.builder("counters").ttl(Duration.ofMinutes(1)).build());
		assertThat(cache.add("once", "first", Duration.ofMinutes(1))).isTrue();
		assertThat(cache.add("once", "second", Duration.ofMinutes(1))).isFalse();
		for (int i = 0; i < 50; i++) {
			assertThat(cache.increment("c" + i, 3)).isEqualTo(3);
			assertThat(cache.increment("c" + i, 4)).isEqualTo(7);
		}
		assertThat(cache.get("c49", Long.class)).isEqualTo(7L);
		try (RedisClusterConnection connection = connectionFactory.getClusterConnection()) {
			assertThat(connection.keyCommands().pTtl(RedisStore.bytes("counters:k2:1:c0"))).isBetween(1L, 60_000L);
		}
	}

	@Test
	void clearRemovesTheCacheFromEveryMasterAndNothingElse() {
		StoreCache<String, byte[]> sessions = cache(CacheSettings.builder("sessions").build());
		StoreCache<String, byte[]> other = cache(CacheSettings.builder("sessions-archive").build());
		Map<String, Integer> entries = new LinkedHashMap<>();
		IntStream.range(0, 3_000).forEach(i -> entries.put("s" + i, i));
		sessions.putAll(entries);
		other.putAll(Map.of("s1", 1, "s2", 2));
		assertThat(keysPerMaster("sessions:k2:1:*").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3_000);

		sessions.clear();
		assertThat(keysPerMaster("sessions:k2:1:*").values()).containsOnly(0L);
		assertThat(sessions.getAll(entries.keySet())).isEmpty();
		assertThat(other.getAll(List.of("s1", "s2"))).containsOnlyKeys("s1", "s2");
	}

	@ParameterizedTest(name = "announcing: {0}")
	@ValueSource(booleans = { false, true })
	void evictByPrefixScansEveryMasterAndTouchesRunOnTheKeysMaster(boolean announcing) {
		CacheSettings settings = CacheSettings.builder("sessions").build();
		KeyNamespace namespace = KeyNamespace.of(settings);
		StoreCache<String, byte[]> sessions = TestAssembly.bare(settings, announcing
				? RedisStores.announcing(namespace, connectionFactory) : RedisStores.create(namespace, connectionFactory));
		StoreCache<String, byte[]> other = cache(CacheSettings.builder("sessions-archive").build());
		Map<String, Integer> entries = new LinkedHashMap<>();
		IntStream.range(0, 3_000).forEach(i -> entries.put("s" + i, i));
		sessions.putAll(entries);
		other.putAll(Map.of("s1", 1, "s10", 10));
		assertThat(keysPerMaster("sessions:k2:1:s1*")).as("the matching keys are on every master")
			.allSatisfy((node, count) -> assertThat(count).isPositive());

		// s1, s10-s19, s100-s199 and s1000-s1999.
		assertThat(sessions.evictByPrefix("s1")).isEqualTo(1_111);
		assertThat(keysPerMaster("sessions:k2:1:s1*").values()).containsOnly(0L);
		assertThat(keysPerMaster("sessions:k2:1:*").values().stream().mapToLong(Long::longValue).sum())
			.isEqualTo(3_000 - 1_111);
		assertThat(other.getAll(List.of("s1", "s10"))).containsOnlyKeys("s1", "s10");

		for (String key : List.of("s2", "s20", "s200", "s2000", "s2999")) {
			assertThat(sessions.touch(key, Duration.ofMinutes(1))).isTrue();
			assertThat(sessions.timeToLive(key)).hasValueSatisfying(
					(left) -> assertThat(left).isBetween(Duration.ofSeconds(50), Duration.ofMinutes(1)));
		}
		assertThat(sessions.touch("s1", Duration.ZERO)).isFalse();
		sessions.clear();
	}

	private static StoreCache<String, byte[]> cache(CacheSettings settings) {
		return TestAssembly.bare(settings, RedisStores.create(KeyNamespace.of(settings), connectionFactory));
	}

	private static Set<Integer> slots(Set<String> keys, StoreCache<?, ?> cache) {
		String namespace = KeyNamespace.of(cache.settings()).prefix();
		return keys.stream().map(key -> ClusterSlotHashUtil.calculateSlot(namespace + key)).collect(Collectors.toSet());
	}

	/** How many keys matching the pattern each master holds, counted on the master itself. */
	private static Map<String, Long> keysPerMaster(String pattern) {
		Map<String, Long> counts = new LinkedHashMap<>();
		try (RedisClusterConnection connection = connectionFactory.getClusterConnection()) {
			for (RedisClusterNode node : connection.clusterGetNodes()) {
				if (node.isMaster()) {
					counts.put(node.asString(), (long) connection.keys(node, RedisStore.bytes(pattern)).size());
				}
			}
		}
		return counts;
	}

	/** The lease contract on this cluster: each lease command and script names one key, run on its master. */
	@Nested
	class LeaseContract extends AbstractRedisLeaseStoreTests {

		@Override
		RedisConnectionFactory factory() {
			return connectionFactory;
		}

		@Test
		void leasesOfOneCacheLiveOnEveryMaster() {
			Leases leases = leases("spread");
			for (int i = 0; i < 60; i++) {
				assertThat(leases.store().compareAndSet(leases.keys().toStoreKey(i), null, "token", LONG)).isTrue();
			}
			assertThat(keysPerMaster("spread:lease:k2:1:*")).hasSize(3)
				.allSatisfy((node, count) -> assertThat(count).isPositive());
		}

	}

}
