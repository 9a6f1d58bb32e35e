package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.polycache.core.AbstractHostilePayloadTests;
import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.KeyMapper;

/** Hostile bytes planted in a real memcached. */
class MemcachedHostilePayloadTests extends AbstractHostilePayloadTests {

	@RegisterExtension
	static final MemcachedServerExtension memcached = new MemcachedServerExtension();

	@Override
	protected CacheStore createStore(CacheSettings settings) {
		return MemcachedStores.create(settings, memcached.client(), Duration.ofSeconds(1), Clock.systemUTC());
	}

	@Override
	protected KeyMapper keyMapper(CacheSettings settings) {
		return MemcachedStores.keyMapper();
	}

}
