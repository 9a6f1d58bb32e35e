package io.polycache.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.core.SingleFlightScope;
import io.polycache.local.LocalStores;
import io.polycache.spi.ByteStore;
import io.polycache.testfixtures.MapLeaseStore;
import io.polycache.testfixtures.MapProvider;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testfixtures.TestAssembly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auto-refresh}, driven by a hand-moved clock, hand-run ticks and a hand-run refresh
 * executor: every reload is counted exactly, and nothing sleeps.
 */
class AutoRefreshTests {

	private static final Duration PERIOD = Duration.ofMinutes(1);

	private final MutableClock clock = new MutableClock();

	private final List<Runnable> tasks = new ArrayList<>();

	private final AtomicInteger loads = new AtomicInteger();

	private final CacheSettings settings = CacheSettings.builder("rates")
		.ttl(Duration.ofMinutes(30))
		.autoRefresh(PERIOD)
		.maxEntries(1000)
		.build();

	private StoreCache<?, ?> local(CacheSettings settings) {
		StatsCounter stats = new StatsCounter();
		return StoreCache.builder(settings, LocalStores.create(settings, this.clock, stats))
			.stats(stats)
			.clock(this.clock)
			.refreshExecutor(this.tasks::add)
			.build();
	}

	@Test
	void aLoadedKeyIsReloadedOncePerPeriodWhileItIsRead() {
		StoreCache<?, ?> cache = local(this.settings);
		assertThat(cache.get("eur", this::load)).isEqualTo("rate-1");
		for (int period = 2; period <= 4; period++) {
			onePeriod(cache);
			assertThat(this.loads).hasValue(period);
			assertThat(cache.get("eur", this::load)).as("served without waiting").isEqualTo("rate-" + period);
		}
		assertThat(cache.statistics().refreshes()).isEqualTo(3);
	}

	@Test
	void aSlowReloadStillReloadsOncePerPeriod() {
		StoreCache<?, ?> cache = local(this.settings);
		// Each load takes a quarter of a period, while the wheel keeps turning.
		Callable<String> slowLoad = () -> {
			for (int i = 0; i < AutoRefresh.SLOTS / 4; i++) {
				tickOneSlot(cache);
			}
			return load();
		};
		cache.get("eur", slowLoad);
		int ticks = 0;
		while (ticks < 8 * AutoRefresh.SLOTS) {
			tickOneSlot(cache);
			ticks++;
			cache.get("eur", slowLoad);
			runAll(this.tasks);
		}
		// Eight periods (and the time the loads took on top): at least one reload in each.
		assertThat(this.loads.get() - 1).isGreaterThanOrEqualTo(8);
	}

	@Test
	void aReloadThatCannotStartWithAnErrorNeitherStopsTheTickNorSkipsTheOtherKeys() {
		List<String> started = new ArrayList<>();
		AutoRefresh<String> schedule = new AutoRefresh<>("rates", PERIOD.multipliedBy(10), 100, this.clock,
				(scheduled) -> {
					started.add(scheduled.storeKey);
					if (started.size() == 1) {
						throw new StackOverflowError("deep");
					}
				});
		schedule.loaded("eur", "eur", this::load);
		schedule.loaded("usd", "usd", this::load);
		for (int i = 0; i < AutoRefresh.SLOTS; i++) {
			// A tick that throws would end its timer: the sweeper runs it at a fixed rate.
			schedule.tick();
		}
		assertThat(started).containsExactlyInAnyOrder("eur", "usd");
	}

	@Test
	void aKeyNotReadWithinTheIdleTimeStopsBeingRefreshed() {
		StoreCache<?, ?> cache = local(this.settings.toBuilder().autoRefreshIdle(Duration.ofMinutes(3)).build());
		cache.get("eur", this::load);
		for (int period = 0; period < 6; period++) {
			onePeriod(cache);
		}
		// Reloads in periods 1 to 3 (read at 0 min, idle after 3 min), none after.
		assertThat(this.loads).hasValue(1 + 3);
		assertThat(cache.autoRefreshScheduled()).isZero();
	}

	@Test
	void asyncLoadsAreRefreshedToo() {
		StoreCache<?, ?> cache = local(this.settings);
		cache.retrieve("eur", () -> CompletableFuture.completedFuture(load())).join();
		onePeriod(cache);
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void evictedAndClearedKeysLeaveTheSchedule() {
		StoreCache<?, ?> cache = local(this.settings);
		cache.get("eur", this::load);
		cache.get("usd", this::load);
		cache.get("gbp", this::load);
		cache.evict("eur");
		assertThat(cache.autoRefreshScheduled()).isEqualTo(2);
		cache.clear();
		assertThat(cache.autoRefreshScheduled()).isZero();
		onePeriod(cache);
		assertThat(this.loads).hasValue(3);
	}

	@Test
	void aKeyTheStoreEvictedLeavesTheScheduleAtItsNextVisit() {
		StoreCache<?, ?> cache = local(this.settings.toBuilder().maxEntries(2).build());
		cache.get("eur", this::load);
		cache.get("usd", this::load);
		cache.get("gbp", this::load);
		assertThat(cache.autoRefreshScheduled()).as("at most max-entries keys").isEqualTo(2);
		cache.get("eur", this::load);
		int loaded = this.loads.get();
		onePeriod(cache);
		assertThat(cache.autoRefreshScheduled()).isEqualTo(1);
		assertThat(this.loads.get() - loaded).isEqualTo(1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void reloadsOnTheTickingThreadThatFindTheirKeysGoneDoNotStopTheTick() {
		StatsCounter stats = new StatsCounter();
		StoreCache<Object, Object> cache = StoreCache
			.builder(this.settings, LocalStores.create(this.settings, this.clock, stats))
			.stats(stats)
			.clock(this.clock)
			.refreshExecutor(Runnable::run)
			.build();
		for (int i = 0; i < 10; i++) {
			String key = "k" + i;
			cache.get(key, () -> key);
		}
		// Gone from the store behind the cache's back, as an expiry or a size eviction does.
		for (int i = 0; i < 10; i += 2) {
			cache.getNativeCache().remove(cache.storeKey("k" + i));
		}
		this.clock.advance(PERIOD);
		tickOnePeriod(cache);
		assertThat(cache.autoRefreshScheduled()).isEqualTo(5);
		assertThat(cache.statistics().refreshes()).isEqualTo(5);
	}

	@Test
	void aFailedReloadKeepsTheOldValue() {
		StoreCache<?, ?> cache = local(this.settings);
		AtomicInteger attempts = new AtomicInteger();
		cache.get("eur", () -> {
			if (attempts.incrementAndGet() > 1) {
				throw new IllegalStateException("rates service down");
			}
			return load();
		});
		onePeriod(cache);
		assertThat(attempts).hasValue(2);
		assertThat(cache.get("eur", this::load)).isEqualTo("rate-1");
		assertThat(cache.statistics().refreshFailures()).isEqualTo(1);
		assertThat(cache.autoRefreshScheduled()).isEqualTo(1);
	}

	@Test
	void twoInstancesWithClusterSingleFlightReloadOncePerPeriod() {
		ByteStore shared = MapProvider.store(this.clock);
		MapLeaseStore leases = new MapLeaseStore(this.clock);
		CacheSettings cluster = this.settings.toBuilder().singleFlight(SingleFlightScope.CLUSTER).build();
		List<Runnable> tasksOfB = new ArrayList<>();
		StoreCache<?, ?> a = shared(cluster, shared, leases, this.tasks);
		StoreCache<?, ?> b = shared(cluster, shared, leases, tasksOfB);
		a.get("eur", this::load);
		b.get("eur", this::load);
		assertThat(this.loads).hasValue(1);
		assertThat(b.autoRefreshScheduled()).as("a read with a loader schedules the key").isEqualTo(1);
		for (int period = 2; period <= 5; period++) {
			this.clock.advance(PERIOD);
			tickOnePeriod(a);
			tickOnePeriod(b);
			runAll(this.tasks);
			runAll(tasksOfB);
			assertThat(this.loads).hasValue(period);
		}
	}

	@Test
	void aHundredThousandIdleKeysLeaveNothingBehind() {
		CacheSettings large = this.settings.toBuilder().maxEntries(100_000).ttl(Duration.ofMinutes(5)).build();
		StoreCache<?, ?> cache = local(large);
		long baseline = usedHeap();
		for (int i = 0; i < 100_000; i++) {
			String key = "key-" + i;
			cache.get(key, () -> key);
		}
		assertThat(cache.autoRefreshScheduled()).isEqualTo(100_000);
		long loaded = usedHeap();
		// Nobody reads them: past the idle time (10 periods) and the TTL, one round of ticks.
		this.clock.advance(PERIOD.multipliedBy(11));
		tickOnePeriod(cache);
		cache.removeExpired();
		assertThat(cache.autoRefreshScheduled()).isZero();
		assertThat(this.tasks).isEmpty();
		long after = usedHeap();
		assertThat(after - baseline).as("heap above the baseline: %d bytes while loaded, %d after", loaded - baseline,
				after - baseline)
			.isLessThan((loaded - baseline) / 10);
	}

	private StoreCache<?, ?> shared(CacheSettings settings, ByteStore store, MapLeaseStore leases,
			List<Runnable> tasks) {
		return TestAssembly.sharing(settings, store, leases).clock(this.clock).refreshExecutor(tasks::add).build();
	}

	private String load() {
		return "rate-" + this.loads.incrementAndGet();
	}

	/** One period passes: the clock moves, the wheel turns once, and the reloads run. */
	private void onePeriod(StoreCache<?, ?> cache) {
		this.clock.advance(PERIOD);
		tickOnePeriod(cache);
		runAll(this.tasks);
	}

	/** A 64th of a period passes and the wheel turns one slot, as its timer would. */
	private void tickOneSlot(StoreCache<?, ?> cache) {
		this.clock.advance(PERIOD.dividedBy(AutoRefresh.SLOTS));
		cache.autoRefreshTick();
	}

	private static void tickOnePeriod(StoreCache<?, ?> cache) {
		for (int i = 0; i < AutoRefresh.SLOTS; i++) {
			cache.autoRefreshTick();
		}
	}

	private static void runAll(List<Runnable> tasks) {
		List<Runnable> now = new ArrayList<>(tasks);
		tasks.clear();
		now.forEach(Runnable::run);
	}

	private static long usedHeap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
