package io.polycache.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.polycache.internal.StatsCounter;
import io.polycache.internal.StoreCache;
import io.polycache.local.LocalStores;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A {@link TtlPolicy} chooses each entry's TTL from cache name, key and value. */
class TtlPolicyTests {

	private final MutableClock clock = new MutableClock();

	private final TtlPolicy shortForEmpty = (cacheName, key, value) -> {
		if ("negative".equals(key)) {
			return Duration.ofSeconds(-1);
		}
		return (value instanceof List<?> list && list.isEmpty()) ? Duration.ofSeconds(30) : null;
	};

	private final StoreCache<?, ?> cache = cache("searches", this.shortForEmpty);

	private StoreCache<?, ?> cache(String name, TtlPolicy policy) {
		CacheSettings settings = CacheSettings.builder(name).ttl(Duration.ofMinutes(10)).build();
		StatsCounter stats = new StatsCounter();
		return StoreCache.builder(settings, LocalStores.create(settings, this.clock, stats))
			.stats(stats)
			.ttlPolicy(policy)
			.build();
	}

	@Test
	void policyChoosesTtlForPutsAndLoads() {
		this.cache.put("empty", List.of());
		this.cache.get("loaded-empty", List::of);
		this.cache.putIfAbsent("absent-empty", List.of());
		this.cache.putAll(Map.of("bulk-empty", List.of()));
		this.cache.put("full", List.of("hit"));
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.cache.get("empty")).isNull();
		assertThat(this.cache.get("loaded-empty")).isNull();
		assertThat(this.cache.get("absent-empty")).isNull();
		assertThat(this.cache.get("bulk-empty")).isNull();
		assertThat(this.cache.get("full")).isNotNull();
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.cache.get("full")).isNull();
	}

	@Test
	void explicitTtlWinsOverThePolicy() {
		this.cache.put("empty", List.of(), Duration.ofHours(1));
		this.clock.advance(Duration.ofMinutes(30));
		assertThat(this.cache.get("empty")).isNotNull();
	}

	@Test
	void policySeesTheCacheName() {
		StoreCache<?, ?> other = cache("other", (cacheName, key, value) -> "other".equals(cacheName) ? Duration.ofSeconds(1) : null);
		other.put("k", "v");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(other.get("k")).isNull();
	}

	@Test
	void negativeTtlFromThePolicyIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put("negative", "v"))
			.withMessageContaining("must not be negative");
	}

}
