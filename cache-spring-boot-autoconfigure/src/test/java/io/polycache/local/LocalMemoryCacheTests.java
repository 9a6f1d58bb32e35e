package io.polycache.local;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.polycache.core.AbstractStoreCacheTests;
import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.StatsCounter;
import io.polycache.core.StoreCache;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared cache contract on the local-memory store, plus what only it promises. */
class LocalMemoryCacheTests extends AbstractStoreCacheTests {

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

	@Test
	void sizeCountsLiveEntries() {
		this.cache.put("a", 1);
		this.cache.put("b", 2, Duration.ofSeconds(1));
		assertThat(this.cache.size()).hasValue(2);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.cache.size()).hasValue(1);
	}

	@Test
	void fullCacheEvictsAndCountsIt() {
		StoreCache small = createCache(CacheSettings.builder("small").maxEntries(2).eviction(EvictionPolicy.LRU).build());
		small.put("a", 1);
		small.put("b", 2);
		small.get("a");
		small.put("c", 3);
		assertThat(small.contains("a")).isTrue();
		assertThat(small.contains("b")).isFalse();
		assertThat(small.contains("c")).isTrue();
		assertThat(small.statistics().evictions()).isEqualTo(1);
	}

	@Test
	void expiredEntriesMakeRoomBeforeLiveOnesAreEvicted() {
		StoreCache small = createCache(CacheSettings.builder("small").maxEntries(2).eviction(EvictionPolicy.FIFO).build());
		small.put("old", 1);
		small.put("short", 2, Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		small.put("new", 3);
		assertThat(small.contains("old")).isTrue();
		assertThat(small.contains("new")).isTrue();
		assertThat(small.statistics().evictions()).isZero();
		assertThat(small.statistics().expirations()).isEqualTo(1);
	}

}
