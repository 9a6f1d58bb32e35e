package io.polycache.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.core.CacheSettings;
import io.polycache.file.FileStores;
import io.polycache.internal.StatsCounter;
import io.polycache.memcached.MemcachedClients;
import io.polycache.memcached.MemcachedStores;
import io.polycache.memcached.MemcachedTestServers;
import io.polycache.redis.RedisStores;
import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.Leases;

/**
 * Prints the median, 90th and 99th percentile time of one lease taken and released
 * ({@code compareAndSet(null -> token)} then {@code compareAndSet(token -> null)}) on each
 * backend, one thread, servers on loopback; not part of the suite. Run with
 * {@code ./mvnw -B -o -q -pl cache-spring-boot-autoconfigure test -Dtest=LeaseTimings -Dpolycache.timings=true}.
 */
@EnabledIfSystemProperty(named = "polycache.timings", matches = "true")
class LeaseTimings {

	private static final int WARM_UP = 5_000;

	private static final int ROUNDS = 10_000;

	private static final Duration LEASE = Duration.ofSeconds(30);

	@Test
	void printTakeAndReleaseTimes() throws IOException {
		KeyNamespace namespace = KeyNamespace.of(CacheSettings.defaults("timings"));
		try (LoopbackServer redis = RedisServers.standalone()) {
			LettuceConnectionFactory factory = RedisServers.connectionFactory(redis, Duration.ofSeconds(5));
			try {
				time("redis", RedisStores.leases(namespace, factory));
			}
			finally {
				factory.destroy();
			}
		}
		try (LoopbackServer memcached = MemcachedTestServers.start(); MemcachedClients clients = new MemcachedClients()) {
			time("memcached", MemcachedStores.leases(namespace,
					clients.client("timings", MemcachedTestServers.settings(memcached))));
		}
		Path root = Files.createTempDirectory("polycache-lease-timings-");
		try (ByteStore store = FileStores.open(root, CacheSettings.defaults("timings"), Clock.systemUTC(),
				new StatsCounter())) {
			time("file-system", FileStores.leases(store, namespace));
		}
	}

	private static void time(String backend, Leases leases) {
		for (int i = 0; i < WARM_UP; i++) {
			takeAndRelease(leases, i);
		}
		long[] nanos = new long[ROUNDS];
		for (int i = 0; i < ROUNDS; i++) {
			long started = System.nanoTime();
			takeAndRelease(leases, i);
			nanos[i] = System.nanoTime() - started;
		}
		Arrays.sort(nanos);
		System.out.printf(Locale.ROOT, "%-12s take + release: median %6.1f us, p90 %6.1f us, p99 %6.1f us (%d rounds)%n",
				backend, nanos[ROUNDS / 2] / 1e3, nanos[ROUNDS * 9 / 10] / 1e3, nanos[ROUNDS * 99 / 100] / 1e3, ROUNDS);
	}

	private static void takeAndRelease(Leases leases, int i) {
		String key = leases.keys().toStoreKey("key-" + (i % 100));
		if (!leases.store().compareAndSet(key, null, "token-" + i, LEASE)
				|| !leases.store().compareAndSet(key, "token-" + i, null, LEASE)) {
			throw new IllegalStateException("A free lease was not taken and released: " + key);
		}
	}

}
