package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.polycache.core.AbstractHostilePayloadTests;
import io.polycache.core.CacheSettings;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.CacheStore;
import io.polycache.core.KeyMapper;

/** Hostile bytes planted in a real memcached. */
class MemcachedHostilePayloadTests extends AbstractHostilePayloadTests {

	@RegisterExtension
	static final MemcachedServerExtension memcached = new MemcachedServerExtension();

	@Override
	protected BackendProvider provider() {
		return memcached.provider();
	}

}
