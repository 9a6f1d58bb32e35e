package io.polycache.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.core.CacheSettings;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.LeaseStore;
import io.polycache.spi.OpenedStore;
import io.polycache.testfixtures.AbstractLeaseStoreTests;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease contract on redis, its stores opened by {@link RedisProvider} on {@link #factory()}. */
abstract class AbstractRedisLeaseStoreTests extends AbstractLeaseStoreTests {

	private LoopbackServer stopped;

	private LettuceConnectionFactory unreachable;

	/** The connection factory of the server or cluster under test. */
	abstract RedisConnectionFactory factory();

	@AfterEach
	void stopUnreachable() {
		if (this.unreachable != null) {
			this.unreachable.destroy();
		}
		if (this.stopped != null) {
			this.stopped.close();
		}
	}

	@Override
	protected OpenedStore<String, byte[]> open(String cacheName) {
		RedisProvider provider = new RedisProvider(AbstractRedisInvalidationTests.beans(factory()));
		assertThat(provider.traits().holdsLeases()).isTrue();
		return AbstractRedisInvalidationTests.open(provider, CacheSettings.defaults(cacheName));
	}

	@Override
	protected Duration shortTtl() {
		return Duration.ofSeconds(1);
	}

	@Override
	protected void plant(String leaseKey, byte[] bytes) {
		try (RedisConnection connection = factory().getConnection()) {
			connection.stringCommands().set(RedisStore.bytes(leaseKey), bytes);
		}
	}

	@Override
	protected LeaseStore unreachable() {
		this.stopped = RedisServers.standalone();
		this.unreachable = RedisServers.connectionFactory(this.stopped, Duration.ofMillis(500));
		this.stopped.stop();
		return RedisStores.leases(KeyNamespace.of(CacheSettings.defaults("down")), this.unreachable)
			.store();
	}

}
