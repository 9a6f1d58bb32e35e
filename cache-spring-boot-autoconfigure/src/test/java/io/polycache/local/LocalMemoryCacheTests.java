package io.polycache.local;

import org.junit.jupiter.api.Test;

import io.polycache.spi.BackendProvider;
import io.polycache.testfixtures.AbstractBoundedStoreCacheTests;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared cache contract on the local-memory store, plus what only it promises. */
class LocalMemoryCacheTests extends AbstractBoundedStoreCacheTests {

	@Override
	protected BackendProvider provider() {
		return new LocalMemoryProvider();
	}

	@Test
	void storesByReference() {
		StringBuilder value = new StringBuilder("v");
		this.cache.put("k", value);
		assertThat(this.cache.get("k", StringBuilder.class)).isSameAs(value);
	}

	@Test
	void keysAreUsedAsObjects() {
		Object key = new Object();
		this.cache.put(key, "v");
		assertThat(this.cache.get(key, String.class)).isEqualTo("v");
	}

}
