package io.polycache.testfixtures;

import io.polycache.spi.BackendProvider;

/** The whole shared contract on a backend written outside Polycache, through the provider SPI. */
class MapProviderCacheTests extends AbstractStoreCacheTests {

	@Override
	protected BackendProvider provider() {
		return new MapProvider();
	}

}
