package io.polycache.testfixtures;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.AssembledCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What stores that bound their own size (local memory, file system) promise beyond the
 * shared contract: a live count, eviction by the policy, and expired entries making room
 * before any live one is evicted.
 */
public abstract class AbstractBoundedStoreCacheTests extends AbstractStoreCacheTests {

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
		AssembledCache small = createCache(CacheSettings.builder("small").maxEntries(2).eviction(EvictionPolicy.LRU).build());
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
		AssembledCache small = createCache(CacheSettings.builder("small").maxEntries(2).eviction(EvictionPolicy.FIFO).build());
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
