package io.polycache.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.NearSettings;
import io.polycache.core.NearStatistics;
import io.polycache.local.LocalMemoryProvider;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.ByteStore;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.ResizableStore;
import io.polycache.spi.StoreContext;
import io.polycache.testfixtures.MapProvider;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testfixtures.TestAssembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AssembledCache#change}: {@code max-entries} and {@code ttl} where the store bounds
 * and expires here, {@code near.*} where there is a near tier; a lower bound evicts at
 * once and counts evictions, a new TTL applies to later writes only; everything else is
 * refused and changes nothing.
 */
class SettingsChangeTests {

	private final MutableClock clock = new MutableClock();

	private final ExpirySweeper sweeper = TestAssembly.idleSweeper();

	private final List<AssembledCache> caches = new ArrayList<>();

	@AfterEach
	void close() {
		this.caches.forEach(AssembledCache::close);
		this.sweeper.close();
	}

	@Test
	void aLowerMaxEntriesEvictsAtOnceAndShowsInTheSettings() {
		AssembledCache cache = cache(CacheSettings.builder("local").maxEntries(100).build(), new LocalMemoryProvider());
		for (int i = 0; i < 100; i++) {
			cache.put(i, "v" + i);
		}
		SettingsChange.Applied applied = cache.change(new SettingsChange(10L, null, null, null));
		assertThat(applied.before().maxEntries()).isEqualTo(100);
		assertThat(applied.after().maxEntries()).isEqualTo(10);
		assertThat(cache.settings().maxEntries()).isEqualTo(10);
		assertThat(cache.size()).hasValue(10);
		assertThat(cache.statistics().evictions()).isEqualTo(90);
		assertThat(cache.changeableSettings()).containsExactly("max-entries", "ttl");
	}

	@Test
	void aNewTtlAppliesToEntriesWrittenFromNowOn() {
		AssembledCache cache = cache(CacheSettings.builder("local").build(), new LocalMemoryProvider());
		cache.put("old", "v");
		cache.change(new SettingsChange(null, Duration.ofSeconds(10), null, null));
		cache.put("new", "v");
		assertThat(cache.settings().ttl()).isEqualTo(Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(cache.get("new")).isNull();
		assertThat(cache.get("old")).as("written before the change: no expiry").isNotNull();
	}

	@Test
	void concurrentChangesEachSeeTheirOwnOldValues() throws Exception {
		AssembledCache cache = cache(CacheSettings.builder("local").maxEntries(1_000).build(), new LocalMemoryProvider());
		ExecutorService executor = Executors.newFixedThreadPool(4);
		List<Future<List<SettingsChange.Applied>>> results = new ArrayList<>();
		try {
			for (int t = 0; t < 4; t++) {
				int thread = t;
				results.add(executor.submit(() -> {
					List<SettingsChange.Applied> applied = new ArrayList<>();
					for (int i = 1; i <= 250; i++) {
						long unique = thread * 1_000 + i;
						cache.put(unique, "v");
						applied.add(cache.change(new SettingsChange(unique, Duration.ofMillis(unique), null, null)));
					}
					return applied;
				}));
			}
			Map<Duration, Duration> chain = new HashMap<>();
			for (Future<List<SettingsChange.Applied>> result : results) {
				for (SettingsChange.Applied applied : result.get(60, TimeUnit.SECONDS)) {
					assertThat(applied.after().maxEntries()).isEqualTo(applied.after().ttl().toMillis());
					assertThat(chain.put(applied.before().ttl(), applied.after().ttl()))
						.as("two changes saw the same old value").isNull();
				}
			}
			// One chain from the configured TTL through all 1,000 changes to the settings now.
			Duration at = Duration.ZERO;
			for (int i = 0; i < 1_000; i++) {
				at = chain.get(at);
			}
			assertThat(at).isEqualTo(cache.settings().ttl());
			assertThat(cache.size().orElseThrow()).isLessThanOrEqualTo(cache.settings().maxEntries());
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aStoreThatDoesNotBoundHereRefusesAndKeepsItsSettings() {
		AssembledCache cache = cache(CacheSettings.builder("shared").ttl(Duration.ofMinutes(5)).build(),
				new MapProvider());
		CacheSettings before = cache.settings();
		assertThatThrownBy(() -> cache.change(new SettingsChange(10L, Duration.ofSeconds(1), null, null)))
			.isInstanceOf(SettingsChangeRefusedException.class)
			.hasMessageContaining("Cannot change max-entries and ttl of cache 'shared'")
			.hasMessageContaining("its store does not bound or expire its entries in this application");
		assertThat(cache.settings()).isEqualTo(before);
		assertThat(cache.changeableSettings()).isEmpty();
	}

	@Test
	void aRefusedBoundLeavesTheTtlAsItWas() {
		AssembledCache cache = cache(CacheSettings.builder("unbounded").maxEntries(0).eviction(EvictionPolicy.LRU).build(),
				new LocalMemoryProvider());
		assertThatThrownBy(() -> cache.change(new SettingsChange(10L, Duration.ofSeconds(1), null, null)))
			.isInstanceOf(SettingsChangeRefusedException.class)
			.hasMessageContaining("Cannot change max-entries of cache 'unbounded': it was created unbounded");
		assertThat(cache.settings().ttl()).isZero();
		assertThat(cache.settings().maxEntries()).isZero();
	}

	@Test
	void theNearTierChangesApartFromTheSharedStore() {
		AssembledCache cache = cache(CacheSettings.builder("near")
			.near(new NearSettings(1_000, Duration.ZERO, EvictionPolicy.LRU))
			.build(), new MapProvider());
		for (int i = 0; i < 100; i++) {
			cache.put("k" + i, "v");
			cache.get("k" + i);
		}
		assertThat(near(cache).size()).isEqualTo(100);
		cache.change(new SettingsChange(null, null, 10L, Duration.ofSeconds(1)));
		assertThat(near(cache).size()).isEqualTo(10);
		assertThat(near(cache).evictions()).isEqualTo(90);
		assertThat(cache.settings().near()).isEqualTo(new NearSettings(10, Duration.ofSeconds(1), EvictionPolicy.LRU));
		assertThat(cache.changeableSettings()).containsExactly("near.max-entries", "near.ttl");
		cache.get("fresh");
		cache.put("fresh", "v");
		cache.get("fresh");
		long hits = near(cache).hits();
		cache.get("fresh");
		assertThat(near(cache).hits()).as("a copy filled after the change").isEqualTo(hits + 1);
		this.clock.advance(Duration.ofSeconds(1));
		cache.get("fresh");
		assertThat(near(cache).hits()).as("the copy lived its new near.ttl").isEqualTo(hits + 1);
		assertThatThrownBy(() -> cache.change(new SettingsChange(5L, null, null, null)))
			.isInstanceOf(SettingsChangeRefusedException.class)
			.hasMessageContaining("max-entries");
		assertThat(cache.settings().near().maxEntries()).isEqualTo(10);
	}

	@Test
	void aCacheWithoutNearTierRefusesNearSettings() {
		AssembledCache cache = cache(CacheSettings.builder("local").build(), new LocalMemoryProvider());
		assertThatThrownBy(() -> cache.change(new SettingsChange(5L, null, 10L, null)))
			.isInstanceOf(SettingsChangeRefusedException.class)
			.hasMessageContaining("Cannot change near.max-entries of cache 'local': it has no near tier");
		assertThat(cache.settings().maxEntries()).isEqualTo(CacheSettings.DEFAULT_MAX_ENTRIES);
	}

	@Test
	void valuesOutOfRangeAreRefused() {
		AssembledCache cache = cache(CacheSettings.builder("local").build(), new LocalMemoryProvider());
		assertThatIllegalArgumentException().isThrownBy(() -> cache.change(new SettingsChange(-1L, null, null, null)))
			.withMessageContaining("max-entries");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> cache.change(new SettingsChange(null, Duration.ofSeconds(-1), null, null)))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> cache.change(new SettingsChange(null, null, 0L, null)))
			.withMessageContaining("near.max-entries must be positive");
		assertThat(cache.settings()).isEqualTo(CacheSettings.defaults("local"));
	}

	@Test
	void aTtlARefreshPeriodDoesNotFitInIsRefused() {
		AssembledCache refreshing = cache(CacheSettings.builder("refreshing")
			.ttl(Duration.ofMinutes(5))
			.refreshAfter(Duration.ofMinutes(1))
			.build(), new LocalMemoryProvider());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> refreshing.change(new SettingsChange(10L, Duration.ofSeconds(30), null, null)))
			.withMessage("ttl PT30S is not longer than refresh-after of PT1M, so a value would expire before it "
					+ "is ever due for a refresh");
		assertThat(refreshing.settings().ttl()).hasMinutes(5);
		assertThat(refreshing.settings().maxEntries()).as("nothing changed").isEqualTo(CacheSettings.DEFAULT_MAX_ENTRIES);
		refreshing.change(new SettingsChange(null, Duration.ZERO, null, null));
		assertThat(refreshing.settings().ttl()).as("no expiry fits every period").isZero();
		AssembledCache autoRefreshed = cache(CacheSettings.builder("auto")
			.ttl(Duration.ofMinutes(5))
			.autoRefresh(Duration.ofMinutes(1))
			.build(), new LocalMemoryProvider());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> autoRefreshed.change(new SettingsChange(null, Duration.ofMinutes(1), null, null)))
			.withMessageContaining("not longer than auto-refresh of PT1M");
		assertThat(autoRefreshed.settings().ttl()).hasMinutes(5);
	}

	@Test
	void aNearTtlOfZeroIsRefusedWhereTheStoreReportsNoChange() {
		AssembledCache cache = cache(CacheSettings.builder("near")
			.near(new NearSettings(1_000, Duration.ofMinutes(1), EvictionPolicy.LRU))
			.build(), new MapProvider());
		for (int i = 0; i < 100; i++) {
			cache.put("k" + i, "v");
			cache.get("k" + i);
		}
		assertThatThrownBy(() -> cache.change(new SettingsChange(null, null, 10L, Duration.ZERO)))
			.isInstanceOf(SettingsChangeRefusedException.class)
			.hasMessage("Cannot change near.ttl of cache 'near': its store cannot tell other instances that an "
					+ "entry changed, so a near copy must expire, and 0 would keep a stale copy forever");
		assertThat(cache.settings().near()).isEqualTo(new NearSettings(1_000, Duration.ofMinutes(1), EvictionPolicy.LRU));
		assertThat(near(cache).size()).as("nothing changed").isEqualTo(100);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void autoRefreshSchedulesUpToTheNewMaxEntries(CapturedOutput output) {
		AssembledCache cache = cache(CacheSettings.builder("auto")
			.maxEntries(2)
			.ttl(Duration.ofMinutes(5))
			.autoRefresh(Duration.ofMinutes(1))
			.build(), new LocalMemoryProvider());
		cache.get("a", () -> "1");
		cache.get("b", () -> "2");
		cache.change(new SettingsChange(10L, null, null, null));
		cache.get("c", () -> "3");
		assertThat(cache.size()).hasValue(3);
		assertThat(output).doesNotContain("Auto-refresh of cache 'auto' holds");
		cache.change(new SettingsChange(0L, null, null, null));
		for (int i = 0; i < 20; i++) {
			cache.get("k" + i, () -> "v");
		}
		assertThat(output).as("unbounded: every key is scheduled").doesNotContain("Auto-refresh of cache 'auto' holds");
	}

	@Test
	void aResizeThatFailsPartWayLeavesTheSettingsSayingWhatTheStoreKeeps() {
		AssembledCache cache = cache(CacheSettings.builder("failing").maxEntries(100).build(),
				new FailingResizeProvider());
		assertThatThrownBy(() -> cache.change(new SettingsChange(10L, null, null, null)))
			.isInstanceOf(UncheckedIOException.class);
		assertThat(cache.settings().maxEntries()).as("the bound the store took before it failed").isEqualTo(10);
	}

	private static NearStatistics near(AssembledCache cache) {
		return cache.nearStatistics().orElseThrow();
	}

	private AssembledCache cache(CacheSettings settings, BackendProvider provider) {
		AssembledCache cache = TestAssembly
			.assembler(this.clock, (ignored) -> TestAssembly.jdkCodec(), Map.of(), this.sweeper, Runnable::run)
			.assemble(settings, provider);
		this.caches.add(cache);
		return cache;
	}

	/**
	 * A map store whose resize takes the new bound, then fails evicting down to it, as the
	 * file-system store does when it cannot delete a file.
	 */
	private static final class FailingResizeProvider implements BackendProvider {

		@Override
		public String type() {
			return "failing-resize";
		}

		@Override
		public BackendTraits traits() {
			return new MapProvider().traits();
		}

		@Override
		public OpenedStore<String, byte[]> open(StoreContext context) {
			return OpenedStore.shared(new FailingResizeStore(MapProvider.store(context.clock())), context);
		}

	}

	private static final class FailingResizeStore implements ByteStore, ResizableStore {

		private final ByteStore entries;

		private volatile long maxEntries = 100;

		FailingResizeStore(ByteStore entries) {
			this.entries = entries;
		}

		@Override
		public long maxEntries() {
			return this.maxEntries;
		}

		@Override
		public void resize(long maxEntries) {
			this.maxEntries = maxEntries;
			throw new UncheckedIOException(new IOException("cannot delete an entry file"));
		}

		@Override
		public byte @Nullable [] get(String key) {
			return this.entries.get(key);
		}

		@Override
		public void put(String key, byte[] value, Duration ttl) {
			this.entries.put(key, value, ttl);
		}

		@Override
		public byte @Nullable [] putIfAbsent(String key, byte[] value, Duration ttl) {
			return this.entries.putIfAbsent(key, value, ttl);
		}

		@Override
		public boolean remove(String key) {
			return this.entries.remove(key);
		}

		@Override
		public void clear() {
			this.entries.clear();
		}

		@Override
		public long increment(String key, long delta, Duration ttlIfCreated) {
			return this.entries.increment(key, delta, ttlIfCreated);
		}

	}

}
