package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.internal.FailOpenStore;
import io.polycache.internal.StoreCache;
import io.polycache.spi.KeyMapper;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.OpenedStore;
import io.polycache.testfixtures.TestAssembly;
import io.polycache.testsupport.LoopbackServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/** One of three servers dies and comes back, under the default fail-open rule. */
class MemcachedFaultTests {

	private static final int KEYS = 60;

	private final List<LoopbackServer> servers = new ArrayList<>();

	private MemcachedClients clients;

	private StoreCache<String, byte[]> cache;

	private MemcachedStore store;

	@BeforeEach
	void startThreeServers() {
		for (int i = 0; i < 3; i++) {
			this.servers.add(MemcachedTestServers.start());
		}
		this.clients = new MemcachedClients();
		SharedMemcachedClient client = this.clients.client("fault",
				MemcachedTestServers.settings(this.servers.toArray(LoopbackServer[]::new)));
		CacheSettings settings = CacheSettings.defaults("fault");
		this.store = (MemcachedStore) MemcachedStores.create("fault", KeyNamespace.of(settings), client,
				Duration.ofMillis(100), Clock.systemUTC());
		this.cache = StoreCache.builder(settings, new OpenedStore<>(new FailOpenStore<>("fault", this.store),
				KeyMapper.prefixed(""), TestAssembly.jdkCodec())).build();
	}

	@AfterEach
	void stopServers() {
		this.clients.close();
		this.servers.forEach(LoopbackServer::close);
	}

	@Test
	void deadServerTurnsOnlyItsKeysIntoMissesAndIsUsedAgainWhenItReturns() throws Exception {
		Map<String, LoopbackServer> owners = new LinkedHashMap<>();
		for (int i = 0; i < KEYS; i++) {
			String key = "key-" + i;
			this.cache.put(key, i);
			owners.put(key, owner(this.store.serverKey(key)));
		}
		assertThat(owners.values()).as("keys spread over every server").containsAll(this.servers);
		// The hardest server to lose: the one holding the cache's namespace generation.
		LoopbackServer victim = owner(this.store.generationKey());

		victim.stop();
		// Past the generation check interval, so the generation is asked of the dead server too.
		Thread.sleep(300);
		long started = System.nanoTime();
		for (int i = 0; i < KEYS; i++) {
			String key = "key-" + i;
			int index = i;
			assertThatNoException().isThrownBy(() -> {
				Integer value = this.cache.get(key, Integer.class);
				if (owners.get(key) == victim) {
					assertThat(value).as("%s on the dead server", key).isNull();
				}
				else {
					assertThat(value).as("%s on a live server", key).isEqualTo(index);
				}
				this.cache.put(key, index);
				this.cache.evict("absent-" + key);
			});
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("failing fast, not by timeout")
			.isLessThan(Duration.ofSeconds(5));

		victim.start();
		// Its keys (placed by the hash of the whole key, generation included) go to it again.
		// The generation it held is gone with its memory: it is re-created once, which is a
		// clear; so keep writing until the generation is settled and every key reads back.
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			for (int i = 0; i < KEYS; i++) {
				this.cache.put("key-" + i, i);
			}
			List<String> onVictim = owners.keySet()
				.stream()
				.filter((key) -> MemcachedTestServers.holds(victim, this.store.serverKey(key)))
				.toList();
			assertThat(onVictim).as("keys on the returned server").isNotEmpty();
			for (int i = 0; i < KEYS; i++) {
				assertThat(this.cache.get("key-" + i, Integer.class)).isEqualTo(i);
			}
		});
	}

	private LoopbackServer owner(String serverKey) {
		List<LoopbackServer> holders = this.servers.stream()
			.filter((server) -> MemcachedTestServers.holds(server, serverKey))
			.toList();
		assertThat(holders).as("servers holding %s", serverKey).hasSize(1);
		return holders.get(0);
	}

}
