package io.polycache.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.internal.AssembledCache;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.StoreContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole redis cache contract again, on stores in announcing mode: the scripts that
 * announce each write behave exactly as the plain commands do. Only the tests that count
 * commands differ: each write is one script, which runs the same command and a
 * {@code PUBLISH}.
 */
class AnnouncingRedisCacheTests extends RedisCacheTests {

	@Override
	protected BackendProvider provider() {
		RedisProvider redis = (RedisProvider) super.provider();
		return new BackendProvider() {

			@Override
			public String type() {
				return redis.type();
			}

			@Override
			public BackendTraits traits() {
				return redis.traits();
			}

			@Override
			public OpenedStore<?, ?> open(StoreContext context) {
				OpenedStore<String, byte[]> opened = redis.open(withNearTier(context));
				assertThat(opened.invalidations()).isNotNull();
				// The contract is about the store: the cache is assembled without the near tier.
				return new OpenedStore<>(opened.store(), opened.keys(), opened.codec());
			}

		};
	}

	@Override
	@Test
	void putIfAbsentIsOneCommand() {
		this.cache.putIfAbsent("k", "first");
		this.cache.putIfAbsent("k", "second");
		assertThat(commandCalls()).containsEntry("set", 2L)
			.as("announced when it stored only")
			.containsEntry("publish", 1L)
			.doesNotContainKeys("get", "exists", "setnx");
	}

	@Override
	@Test
	void bulkPutIsPipelinedWithTheTtl() {
		AssembledCache expiring = createCache(CacheSettings.builder("bulk").ttl(Duration.ofSeconds(5)).build());
		Map<String, Integer> entries = new LinkedHashMap<>();
		IntStream.range(0, 500).forEach(i -> entries.put("k" + i, i));
		expiring.putAll(entries);
		assertThat(commandCalls()).containsEntry("eval", 500L).containsEntry("set", 500L).containsEntry("publish", 500L);
		assertThat(expiring.getAll(entries.keySet())).isEqualTo(entries);
		assertThat(pttl("bulk:k2:1:k0")).isBetween(1L, 5_000L);
		assertThat(pttl("bulk:k2:1:k499")).isBetween(1L, 5_000L);
	}

	@Override
	@Test
	void countersWithoutTtlUseIncrbyAlone() {
		assertThat(this.cache.increment("c", 5)).isEqualTo(5);
		assertThat(commandCalls()).containsEntry("incrby", 1L).containsEntry("publish", 1L).doesNotContainKey("pexpire");
		assertThat(pttl("test:k2:1:c")).isEqualTo(-1);
	}

	@Override
	@Test
	void touchAndTimeToLiveAreOneCommandEachAndNeverRewriteTheValue() {
		this.cache.put("k", "v");
		onServer(connection -> connection.serverCommands().resetConfigStats());
		assertThat(this.cache.touch("k", Duration.ofSeconds(30))).isTrue();
		assertThat(this.cache.touch("absent", Duration.ofSeconds(30))).isFalse();
		assertThat(commandCalls()).containsEntry("pexpire", 2L)
			.as("announced when it touched only")
			.containsEntry("publish", 1L)
			.doesNotContainKeys("set", "get");
		onServer(connection -> connection.serverCommands().resetConfigStats());
		assertThat(this.cache.touch("k", Duration.ZERO)).isTrue();
		assertThat(commandCalls()).containsEntry("persist", 1L).containsEntry("publish", 1L);
		assertThat(pttl("test:k2:1:k")).isEqualTo(-1);
	}

	/** The context with a near tier on the cache, so the provider opens its store in announcing mode. */
	private static StoreContext withNearTier(StoreContext context) {
		return new TestStoreContext(context.settings().toBuilder().near(TestStoreContext.NEAR).build(),
				context.events(), context.serializer());
	}

}
