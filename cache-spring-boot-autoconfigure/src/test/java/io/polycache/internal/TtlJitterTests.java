package io.polycache.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.local.LocalStores;
import io.polycache.spi.CacheStore;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ttl-jitter}: the TTLs a cache hands its store. */
class TtlJitterTests {

	private static final Duration TTL = Duration.ofMinutes(10);

	private final List<Duration> ttls = new ArrayList<>();

	@Test
	void writesTogetherGetTtlsSpreadOverTheJitterNeverLonger() {
		StoreCache<?, ?> cache = cache(0.2);
		for (int i = 0; i < 1000; i++) {
			cache.put("k" + i, i);
		}
		cache.get("loaded", () -> "v");
		assertThat(this.ttls).hasSize(1001)
			.allSatisfy((ttl) -> assertThat(ttl).isBetween(TTL.minus(TTL.multipliedBy(2).dividedBy(10)), TTL));
		assertThat(this.ttls.stream().distinct().count()).as("one of 16 steps each").isEqualTo(16);
	}

	@Test
	void bulkWritesAreSpreadToo() {
		StoreCache<?, ?> cache = cache(0.5);
		Map<String, Integer> entries = new LinkedHashMap<>();
		for (int i = 0; i < 1000; i++) {
			entries.put("k" + i, i);
		}
		cache.putAll(entries);
		assertThat(this.ttls).hasSize(1000);
		assertThat(this.ttls.stream().distinct().count()).isEqualTo(16);
	}

	@Test
	void withoutJitterOrWithAnExplicitTtlEveryWriteGetsItsTtl() {
		cache(0).put("a", 1);
		StoreCache<?, ?> jittered = cache(0.5);
		jittered.put("b", 2, Duration.ofSeconds(42));
		assertThat(this.ttls).containsExactly(TTL, Duration.ofSeconds(42));
	}

	@Test
	void aTtlOfCenturiesIsJitteredWithoutOverflow() {
		Duration centuries = Duration.ofDays(365L * 1000);
		CacheSettings settings = CacheSettings.builder("quotes").ttl(centuries).ttlJitter(0.5).build();
		StoreCache<?, ?> cache = StoreCache.builder(settings, recording(settings)).build();
		for (int i = 0; i < 100; i++) {
			cache.put("k" + i, i);
		}
		assertThat(this.ttls).allSatisfy((ttl) -> assertThat(ttl).isBetween(centuries.dividedBy(2), centuries));
		assertThat(this.ttls.stream().distinct().count()).isGreaterThan(1);
	}

	@Test
	void entriesThatNeverExpireStaySo() {
		CacheSettings forever = CacheSettings.builder("quotes").ttlJitter(0.5).build();
		StoreCache<?, ?> cache = StoreCache.builder(forever, recording(forever)).build();
		cache.put("a", 1);
		assertThat(this.ttls).containsExactly(Duration.ZERO);
	}

	private StoreCache<?, ?> cache(double jitter) {
		CacheSettings settings = CacheSettings.builder("quotes").ttl(TTL).ttlJitter(jitter).build();
		return StoreCache.builder(settings, recording(settings)).build();
	}

	/** A local store that notes the TTL of every write. */
	private CacheStore<Object, Object> recording(CacheSettings settings) {
		CacheStore<Object, Object> local = LocalStores.create(settings, new MutableClock(), new StatsCounter());
		return new CacheStore<>() {

			@Override
			public Object get(Object key) {
				return local.get(key);
			}

			@Override
			public void put(Object key, Object value, Duration ttl) {
				TtlJitterTests.this.ttls.add(ttl);
				local.put(key, value, ttl);
			}

			@Override
			public Object putIfAbsent(Object key, Object value, Duration ttl) {
				TtlJitterTests.this.ttls.add(ttl);
				return local.putIfAbsent(key, value, ttl);
			}

			@Override
			public boolean remove(Object key) {
				return local.remove(key);
			}

			@Override
			public void clear() {
				local.clear();
			}

			@Override
			public long increment(Object key, long delta, Duration ttlIfCreated) {
				return local.increment(key, delta, ttlIfCreated);
			}

		};
	}

}
