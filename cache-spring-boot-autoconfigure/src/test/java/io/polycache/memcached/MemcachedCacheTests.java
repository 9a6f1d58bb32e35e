package io.polycache.memcached;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.polycache.spi.BackendProvider;
import io.polycache.testfixtures.AbstractStoreCacheTests;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared cache contract on a real memcached server. */
class MemcachedCacheTests extends AbstractStoreCacheTests {

	@RegisterExtension
	static final MemcachedServerExtension memcached = new MemcachedServerExtension();

	@Override
	protected BackendProvider provider() {
		return memcached.provider();
	}

	/** memcached cannot list the keys it holds. */
	@Override
	protected boolean evictsByPrefix() {
		return false;
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
