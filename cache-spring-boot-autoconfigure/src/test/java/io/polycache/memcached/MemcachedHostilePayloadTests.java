package io.polycache.memcached;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.polycache.spi.BackendProvider;
import io.polycache.testfixtures.AbstractHostilePayloadTests;

/** Hostile bytes planted in a real memcached. */
class MemcachedHostilePayloadTests extends AbstractHostilePayloadTests {

	@RegisterExtension
	static final MemcachedServerExtension memcached = new MemcachedServerExtension();

	@Override
	protected BackendProvider provider() {
		return memcached.provider();
	}

}
