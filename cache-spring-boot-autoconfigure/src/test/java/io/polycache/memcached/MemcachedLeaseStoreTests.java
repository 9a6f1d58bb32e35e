package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.rubyeye.xmemcached.MemcachedClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.polycache.core.CacheSettings;
import io.polycache.spi.KeyMapper;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.LeaseStore;
import io.polycache.spi.Leases;
import io.polycache.spi.OpenedStore;
import io.polycache.testfixtures.AbstractLeaseStoreTests;
import io.polycache.testfixtures.FixedStoreContext;
import io.polycache.testsupport.LoopbackServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The lease contract on a real memcached: expiry is the server's, in whole seconds, so the
 * short TTL is a millisecond, which the server keeps for one to two seconds.
 */
class MemcachedLeaseStoreTests extends AbstractLeaseStoreTests {

	@RegisterExtension
	static final MemcachedServerExtension memcached = new MemcachedServerExtension();

	private LoopbackServer stopped;

	private MemcachedClients stoppedClients;

	@AfterEach
	void stopUnreachable() {
		if (this.stoppedClients != null) {
			this.stoppedClients.close();
		}
		if (this.stopped != null) {
			this.stopped.close();
		}
	}

	@Override
	protected OpenedStore<String, byte[]> open(String cacheName) {
		MemcachedProvider provider = memcached.provider();
		assertThat(provider.traits().holdsLeases()).isTrue();
		return provider.open(new FixedStoreContext(CacheSettings.defaults(cacheName), Clock.systemUTC(), null));
	}

	@Override
	protected Duration shortTtl() {
		return Duration.ofMillis(1);
	}

	@Override
	protected void plant(String leaseKey, byte[] bytes) {
		MemcachedCalls.call(memcached.client(), "set", leaseKey, () -> memcached.client()
			.nativeClient()
			.set(leaseKey, 0, new MemcachedItem(0, bytes), ItemTranscoder.INSTANCE, 1_000));
	}

	@Override
	protected LeaseStore unreachable() {
		this.stopped = MemcachedTestServers.start();
		this.stoppedClients = new MemcachedClients();
		SharedMemcachedClient client = this.stoppedClients.client("down", MemcachedTestServers.settings(this.stopped));
		this.stopped.stop();
		return MemcachedStores.leases(KeyNamespace.of(CacheSettings.defaults("down")), client).store();
	}

	@Test
	void leaseKeysAreLegalDistinctAndNeverAnEntrysKey() {
		String longName = "cache with spaces " + "n".repeat(300);
		MemcachedKeys keys = new MemcachedKeys(KeyNamespace.of(CacheSettings.builder(longName).keyPrefix("app:").build()));
		KeyMapper<String> leaseKeys = keys.leaseKeys();
		Set<String> seen = new HashSet<>();
		for (Object key : List.of("plain", "with spaces", "tab\tnew\nline", "ключ", "#marker", "", "x".repeat(400),
				1L, "1", List.of("a", "b"))) {
			String leaseKey = leaseKeys.toStoreKey(key);
			assertThat(MemcachedKeys.isLegal(leaseKey)).as("%s -> %s", key, leaseKey).isTrue();
			assertThat(leaseKey).contains(":lease:k2:1:").isNotEqualTo(keys.key(0, leaseKey));
			assertThat(seen.add(leaseKey)).as("%s has a key of its own", key).isTrue();
		}
		Leases leases = MemcachedStores.leases(KeyNamespace.of(CacheSettings.defaults("c")), memcached.client());
		assertThat(leases.keys().toStoreKey("k")).isEqualTo("c:lease:k2:1:k");
		assertThatIllegalArgumentException().isThrownBy(() -> leases.store().get("not legal"));
	}

	@Test
	void aLeaseIsAnItemWithTheServersExpiryInSeconds() {
		Leases leases = leases("seconds");
		String key = leases.keys().toStoreKey("k");
		assertThat(leases.store().compareAndSet(key, null, "token", Duration.ofMillis(1_500))).isTrue();
		String meta = MemcachedTestServers.meta(memcached.server(), key, "t f");
		// The TTL rounded up to 2 s, plus the second under way: 3 s, of which some may have passed.
		assertThat(meta).matches("HD t[123] f" + MemcachedLeaseStore.LEASE_FLAGS);
	}

	/**
	 * What a release relies on: a {@code cas} to the expiry {@link MemcachedLeaseStore#GONE}
	 * with a stale cas value changes nothing, and with the current one removes the item.
	 */
	@Test
	void aCasToThePastExpiryIsADeleteGuardedByTheCasValue() throws Exception {
		Leases leases = leases("gone");
		String key = leases.keys().toStoreKey("k");
		MemcachedClient client = memcached.client().nativeClient();
		assertThat(leases.store().compareAndSet(key, null, "first", LONG)).isTrue();
		long stale = client.gets(key, 1_000, ItemTranscoder.INSTANCE).getCas();
		assertThat(leases.store().compareAndSet(key, "first", "second", LONG)).isTrue();
		MemcachedItem empty = new MemcachedItem(0, new byte[0]);

		assertThat(client.cas(key, MemcachedLeaseStore.GONE, empty, ItemTranscoder.INSTANCE, 1_000, stale)).isFalse();
		assertThat(leases.store().get(key)).isEqualTo("second");
		long current = client.gets(key, 1_000, ItemTranscoder.INSTANCE).getCas();
		assertThat(client.cas(key, MemcachedLeaseStore.GONE, empty, ItemTranscoder.INSTANCE, 1_000, current)).isTrue();
		assertThat(MemcachedTestServers.holds(memcached.server(), key)).isFalse();
		assertThat(leases.store().compareAndSet(key, null, "third", LONG)).as("one add").isTrue();
	}

}
