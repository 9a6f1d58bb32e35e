package io.polycache.local;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.polycache.core.AbstractBoundedStoreCacheTests;
import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared cache contract on the local-memory store, plus what only it promises. */
class LocalMemoryCacheTests extends AbstractBoundedStoreCacheTests {

	@Override
	protected CacheStore createStore(CacheSettings settings, StatsCounter stats) {
		return new LocalStore(settings.maxEntries(), settings.eviction(), this.clock, stats, new SplittableRandom(1));
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
