package io.polycache.none;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StoreCache;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code none} backend: everything is accepted and nothing is kept. */
class NoneStoreCacheTests {

	private final StoreCache<Object, Object> cache = StoreCache.builder(CacheSettings.defaults("off"), new NoneStore()).build();

	@Test
	void everyReadIsAMiss() {
		this.cache.put("k", "v");
		assertThat(this.cache.get("k")).isNull();
		assertThat(this.cache.putIfAbsent("k", "v")).isNull();
		assertThat(this.cache.add("k", "v", Duration.ZERO)).isTrue();
		assertThat(this.cache.contains("k")).isFalse();
		assertThat(this.cache.getAll(List.of("k"))).isEmpty();
		assertThat(this.cache.size()).hasValue(0);
		assertThat(this.cache.statistics().misses()).isEqualTo(2);
	}

	@Test
	void everyLoadRuns() {
		AtomicInteger calls = new AtomicInteger();
		this.cache.get("k", calls::incrementAndGet);
		this.cache.get("k", calls::incrementAndGet);
		assertThat(calls).hasValue(2);
	}

	@Test
	void countersDoNotAccumulate() {
		assertThat(this.cache.increment("c", 3)).isEqualTo(3);
		assertThat(this.cache.increment("c", 3)).isEqualTo(3);
	}

}
