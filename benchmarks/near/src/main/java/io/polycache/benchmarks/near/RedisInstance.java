package io.polycache.benchmarks.near;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.benchmarks.support.BenchmarkCaches;
import io.polycache.benchmarks.support.LoopbackServer;
import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.NearSettings;
import io.polycache.core.ValueSerializer;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.ClassAllowList;
import io.polycache.internal.JdkValueSerializer;
import io.polycache.local.LocalMemoryProvider;
import io.polycache.redis.RedisProvider;

/**
 * What one application instance has of redis: its own Lettuce connection factory and
 * redis backend, so two of these on one server behave as two instances; and the caches
 * the near benchmarks measure, all with the same name, key prefix, TTL, size and eviction.
 * Not thread-safe: one thread builds and closes it.
 */
final class RedisInstance implements AutoCloseable {

	static final Duration TTL = Duration.ofMinutes(10);

	/** Room for every benchmark key, in the near tier and in the local-memory cache alike. */
	static final int MAX_ENTRIES = 2 * HotKeys.KEYS;

	static final EvictionPolicy EVICTION = CacheSettings.DEFAULT_EVICTION;

	/** Long enough never to expire on a busy machine, which would make the cache fail open. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration SERVING_TIMEOUT = Duration.ofSeconds(30);

	private final LettuceConnectionFactory connectionFactory;

	private final RedisProvider provider;

	RedisInstance(int port) {
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(LoopbackServer.HOST, port),
				LettuceClientConfiguration.builder().commandTimeout(TIMEOUT).build());
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.provider = new RedisProvider(new StaticListableBeanFactory(Map.of("redis", this.connectionFactory))
			.getBeanProvider(RedisConnectionFactory.class));
	}

	/** Whether the redis backend of this build pushes invalidations to near tiers. */
	boolean pushesInvalidations() {
		return this.provider.traits().pushesInvalidations();
	}

	/**
	 * The redis cache, with a near tier for every benchmark key or without; with one, once
	 * its tier serves (a tier that hears invalidations serves nothing before its channel is
	 * up).
	 */
	AssembledCache cache(boolean near) throws InterruptedException {
		// Apart in redis, so that writes through one never reach the other's near tier.
		CacheSettings.Builder settings = settings().keyPrefix(near ? "bench:near:" : "bench:redis:");
		if (near) {
			settings.near(new NearSettings(MAX_ENTRIES, TTL, EVICTION));
		}
		AssembledCache cache = BenchmarkCaches.assemble(settings.build(), this.provider, serializer());
		if (near) {
			awaitServing(cache);
		}
		return cache;
	}

	/** A local-memory cache with the same size, eviction and TTL. */
	static AssembledCache localCache() {
		return BenchmarkCaches.assemble(settings().maxEntries(MAX_ENTRIES).eviction(EVICTION).build(),
				new LocalMemoryProvider(), serializer());
	}

	private static CacheSettings.Builder settings() {
		return CacheSettings.builder("products").ttl(TTL);
	}

	private static ValueSerializer serializer() {
		return new JdkValueSerializer(ClassAllowList.of(List.of("io.polycache")));
	}

	private static void awaitServing(AssembledCache cache) throws InterruptedException {
		long deadline = System.nanoTime() + SERVING_TIMEOUT.toNanos();
		while (!cache.nearStatistics().orElseThrow().serving()) {
			if (System.nanoTime() > deadline) {
				cache.close();
				throw new IllegalStateException("The near tier of " + cache + " did not serve within "
						+ SERVING_TIMEOUT.toSeconds() + " s: its invalidation channel never came up");
			}
			Thread.sleep(5);
		}
	}

	@Override
	public void close() {
		this.connectionFactory.destroy();
	}

}
