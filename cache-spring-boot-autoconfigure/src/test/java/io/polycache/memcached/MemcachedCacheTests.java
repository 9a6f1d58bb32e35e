package io.polycache.memcached;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.polycache.core.AbstractStoreCacheTests;
import io.polycache.core.CacheSettings;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.CacheStore;
import io.polycache.core.ClassAllowList;
import io.polycache.core.JdkValueSerializer;
import io.polycache.core.KeyMapper;
import io.polycache.core.StatsCounter;
import io.polycache.core.ValueCodec;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared cache contract on a real memcached server. */
class MemcachedCacheTests extends AbstractStoreCacheTests {

	@RegisterExtension
	static final MemcachedServerExtension memcached = new MemcachedServerExtension();

	@Override
	protected BackendProvider provider() {
		return memcached.provider();
	}

	/** memcached cannot list a cache's entries: the server reclaims expired items itself. */
	@Test
	@Override
	protected void removeExpiredReclaimsAndCounts() {
		this.cache.put("a", 1, Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.cache.removeExpired()).isZero();
		assertThat(this.cache.get("a")).isNull();
		assertThat(this.cache.size()).isEmpty();
	}

}
