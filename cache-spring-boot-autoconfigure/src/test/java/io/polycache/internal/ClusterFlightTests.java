package io.polycache.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache.ValueRetrievalException;

import io.polycache.core.CacheSettings;
import io.polycache.core.ClusterLoadException;
import io.polycache.core.SingleFlightScope;
import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.testfixtures.MapLeaseStore;
import io.polycache.testfixtures.MapProvider;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testfixtures.TestAssembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code single-flight: cluster} between two instances of a cache that share one store
 * and one lease store, as two application instances share a server. Lease expiry follows a
 * hand-moved clock; waiters really sleep (milliseconds), so these tests wait for states,
 * never for times.
 */
class ClusterFlightTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock();

	private final ByteStore shared = MapProvider.store(this.clock);

	private final MapLeaseStore leases = new MapLeaseStore(this.clock);

	private final CacheSettings settings = CacheSettings.builder("prices")
		.ttl(Duration.ofMinutes(10))
		.singleFlight(SingleFlightScope.CLUSTER)
		.singleFlightLease(LEASE)
		.build();

	private final StoreCache<String, byte[]> a = instance(this.settings);

	private final StoreCache<String, byte[]> b = instance(this.settings);

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final CountDownLatch gate = new CountDownLatch(1);

	private final AtomicInteger loads = new AtomicInteger();

	@AfterEach
	void stop() {
		this.gate.countDown();
		this.threads.shutdownNow();
	}

	private StoreCache<String, byte[]> instance(CacheSettings settings) {
		return TestAssembly.sharing(settings, this.shared, this.leases).clock(this.clock).build();
	}

	@Test
	void sixteenCallersOnTwoInstancesRunTheLoaderOnce() throws Exception {
		List<Future<String>> results = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			StoreCache<String, byte[]> instance = (i % 2 == 0) ? this.a : this.b;
			results.add(this.threads.submit(() -> instance.get("sku-1", this::gatedLoad)));
		}
		// Both instances are in: one loads, the other waits for it in the store.
		await().until(() -> this.loads.get() == 1 && this.a.clusterWaits() + this.b.clusterWaits() == 1);
		this.gate.countDown();
		for (Future<String> result : results) {
			assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("price-1");
		}
		assertThat(this.loads).hasValue(1);
		assertThat(this.leases.live()).as("the lease is released").isZero();
	}

	@Test
	void aLoadWhoseHolderDiedIsTakenOverAfterTheLease() throws Exception {
		Future<String> b = waitOnBWhileAHolds();
		assertThat(b).isNotDone();
		this.clock.advance(LEASE);
		assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("from-b");
	}

	@Test
	void aFailedLoadFailsItsWaitersAndALaterCallerLoadsAgain() throws Exception {
		Future<String> a = this.threads.submit(() -> this.a.get("sku-1", () -> {
			gatedLoad();
			throw new IllegalStateException("pricing service said no");
		}));
		await().until(() -> this.loads.get() == 1);
		Future<String> b = this.threads.submit(() -> this.b.get("sku-1", () -> "from-b"));
		await().until(() -> this.b.clusterWaits() == 1);
		this.gate.countDown();
		assertThat(failure(a)).isInstanceOf(ValueRetrievalException.class)
			.cause()
			.hasMessage("pricing service said no");
		assertThat(failure(b)).isInstanceOf(ValueRetrievalException.class)
			.cause()
			.isInstanceOf(ClusterLoadException.class)
			.hasMessageContaining("failed on another instance")
			.hasMessageContaining("IllegalStateException: pricing service said no");
		assertThat(this.b.get("sku-1", () -> "later")).isEqualTo("later");
	}

	@Test
	void aHolderInterruptedMidLoadHandsTheLoadOverInsteadOfFailingItsWaiters() throws Exception {
		Future<String> a = this.threads.submit(() -> this.a.get("sku-1", this::gatedLoad));
		await().until(() -> this.loads.get() == 1);
		Future<String> b = this.threads.submit(() -> this.b.get("sku-1", () -> "from-b"));
		await().until(() -> this.b.clusterWaits() == 1);
		// As closing an application context interrupts what it runs: not a failure of the load.
		a.cancel(true);
		assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("from-b");
	}

	@Test
	void asyncCallersOnTwoInstancesShareOneLoad() throws Exception {
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletableFuture<String> first = this.a.retrieve("sku-1", () -> {
			this.loads.incrementAndGet();
			return source;
		});
		CompletableFuture<String> second = this.b.retrieve("sku-1", () -> {
			this.loads.incrementAndGet();
			return CompletableFuture.completedFuture("from-b");
		});
		await().until(() -> this.b.clusterWaiterCommands() > 0);
		assertThat(second).isNotDone();
		source.complete("price-1");
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("price-1");
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("price-1");
		assertThat(this.loads).hasValue(1);
		assertThat(this.leases.live()).isZero();
	}

	@Test
	void anAsyncLoadThatFailsFailsItsWaiters() {
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletableFuture<String> first = this.a.retrieve("sku-1", () -> source);
		CompletableFuture<String> second = this.b.retrieve("sku-1",
				() -> CompletableFuture.completedFuture("from-b"));
		await().until(() -> this.b.clusterWaiterCommands() > 0);
		source.completeExceptionally(new IllegalStateException("no price"));
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> second.get(10, TimeUnit.SECONDS))
			.havingRootCause()
			.isInstanceOf(ClusterLoadException.class);
		assertThat(first).isCompletedExceptionally();
	}

	@Test
	void anAsyncWaiterWhoseLeasesGoDownFailsWhenItsLoaderThrowsAtOnce() throws Exception {
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletableFuture<String> first = this.a.retrieve("sku-1", () -> source);
		CompletableFuture<String> second = this.b.retrieve("sku-1", () -> {
			throw new IllegalStateException("no future for you");
		});
		await().until(() -> this.b.clusterWaiterCommands() > 0);
		this.leases.down(true);
		// The waiter falls back to loading within its instance; its loader throws before returning a future.
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> second.get(10, TimeUnit.SECONDS))
			.havingRootCause()
			.withMessage("no future for you");
		source.complete("price-1");
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("price-1");
	}

	@Test
	void aWaiterInterruptedInTheStoreDoesNotInterruptOrFailTheCallersSharingItsWait() throws Exception {
		this.threads.submit(() -> this.a.get("sku-1", this::gatedLoad));
		await().until(() -> this.loads.get() == 1);
		CompletableFuture<String> first = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			try {
				first.complete(this.b.get("sku-1", () -> "from-b"));
			}
			catch (RuntimeException ex) {
				first.completeExceptionally(ex);
			}
		});
		waiter.start();
		await().until(() -> this.b.clusterWaits() == 1);
		CompletableFuture<String> second = new CompletableFuture<>();
		AtomicInteger secondInterrupted = new AtomicInteger(-1);
		Thread sharer = new Thread(() -> {
			try {
				second.complete(this.b.get("sku-1", () -> "from-b"));
			}
			catch (RuntimeException ex) {
				second.completeExceptionally(ex);
			}
			finally {
				secondInterrupted.set(Thread.currentThread().isInterrupted() ? 1 : 0);
			}
		});
		sharer.start();
		// The sharer waits within the instance for the waiter's wait in the store.
		await().until(() -> sharer.getState() == Thread.State.WAITING);
		waiter.interrupt();
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> first.get(10, TimeUnit.SECONDS))
			.havingRootCause()
			.isInstanceOf(InterruptedException.class);
		this.gate.countDown();
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("price-1");
		sharer.join(10_000);
		assertThat(secondInterrupted).as("the sharer's own interrupt flag").hasValue(0);
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void aNullNotCachedIsSharedWithTheWaitersOfItsLoad() throws Exception {
		CacheSettings noNulls = this.settings.toBuilder().cacheNullValues(false).build();
		StoreCache<String, byte[]> a = instance(noNulls);
		StoreCache<String, byte[]> b = instance(noNulls);
		List<Future<String>> results = new ArrayList<>();
		results.add(this.threads.submit(() -> a.get("sku-1", () -> {
			gatedLoad();
			return null;
		})));
		await().until(() -> this.loads.get() == 1);
		List<StoreCache<String, byte[]>> others = List.of(b, instance(noNulls), instance(noNulls), instance(noNulls));
		for (StoreCache<String, byte[]> other : others) {
			results.add(this.threads.submit(() -> other.get("sku-1", () -> {
				this.loads.incrementAndGet();
				return null;
			})));
		}
		// Every other instance waits for a's load.
		await().until(() -> others.stream().mapToLong(StoreCache::clusterWaits).sum() == others.size());
		this.gate.countDown();
		for (Future<String> result : results) {
			assertThat(result.get(10, TimeUnit.SECONDS)).isNull();
		}
		assertThat(this.loads).as("the waiters of a load that returned null share it, as they share a value")
			.hasValue(1);
		assertThat(b.get("sku-1", () -> "later")).as("a later caller loads again").isEqualTo("later");
	}

	@Test
	void anAsyncNullNotCachedIsSharedWithTheWaitersOfItsLoad() throws Exception {
		CacheSettings noNulls = this.settings.toBuilder().cacheNullValues(false).build();
		StoreCache<String, byte[]> a = instance(noNulls);
		StoreCache<String, byte[]> b = instance(noNulls);
		CompletableFuture<String> source = new CompletableFuture<>();
		CompletableFuture<String> first = a.retrieve("sku-1", () -> source);
		CompletableFuture<String> second = b.retrieve("sku-1", () -> {
			this.loads.incrementAndGet();
			return CompletableFuture.completedFuture(null);
		});
		await().until(() -> b.clusterWaits() == 1);
		source.complete(null);
		assertThat(first.get(10, TimeUnit.SECONDS)).isNull();
		assertThat(second.get(10, TimeUnit.SECONDS)).isNull();
		assertThat(this.loads).hasValue(0);
	}

	@Test
	void unreachableLeasesLoadWithinTheInstance() {
		this.leases.down(true);
		assertThat(this.a.get("sku-1", () -> "loaded")).isEqualTo("loaded");
		assertThat(this.a.retrieve("sku-2", () -> CompletableFuture.completedFuture("async")).join())
			.isEqualTo("async");
	}

	@Test
	void somethingElseAtTheLeaseKeyBlocksNoOne() {
		String leaseKey = KeyNamespace.of(this.settings).leaseKeys().toStoreKey("sku-1");
		this.leases.plant(leaseKey, "h1:not-a-token");
		assertThat(this.a.get("sku-1", () -> "loaded")).isEqualTo("loaded");
		assertThat(this.a.clusterWaits()).isZero();
	}

	@Test
	void aHolderThatFindsTheValueStoredDoesNotLoad() {
		this.b.put("sku-1", "stored-by-b");
		assertThat(this.a.get("sku-1", () -> "loaded")).isEqualTo("stored-by-b");
		assertThat(this.leases.calls()).as("a hit takes no lease").isZero();
	}

	@Test
	void waitersReadTheStoreAFewTimesWhileTheyWait() throws Exception {
		Future<String> b = waitOnBWhileAHolds();
		// Let the waiter back off to its longest sleep: 2, 4, ... 64, 100 ms.
		await().until(() -> this.b.clusterWaiterCommands() >= 2 * 8);
		long commands = this.b.clusterWaiterCommands();
		Thread.sleep(500);
		long duringHalfASecond = this.b.clusterWaiterCommands() - commands;
		// At its longest sleep the waiter makes two reads per 100 ms: about 10 in 500 ms.
		assertThat(duringHalfASecond).isBetween(2L, 16L);
		this.gate.countDown();
		assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("price-1");
	}

	@Test
	void refreshAheadReloadsOnceAcrossTwoInstances() {
		CacheSettings refreshing = this.settings.toBuilder().refreshAfter(Duration.ofMinutes(1)).build();
		List<Runnable> tasksOfA = new ArrayList<>();
		List<Runnable> tasksOfB = new ArrayList<>();
		StoreCache<String, byte[]> a = refreshing(refreshing, tasksOfA);
		StoreCache<String, byte[]> b = refreshing(refreshing, tasksOfB);
		assertThat(a.get("sku-1", () -> "v1")).isEqualTo("v1");
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(a.get("sku-1", () -> "v" + (2 + this.loads.getAndIncrement()))).isEqualTo("v1");
		assertThat(b.get("sku-1", () -> "v" + (2 + this.loads.getAndIncrement()))).isEqualTo("v1");
		assertThat(tasksOfA).hasSize(1);
		assertThat(tasksOfB).hasSize(1);
		tasksOfA.forEach(Runnable::run);
		tasksOfB.forEach(Runnable::run);
		assertThat(this.loads).as("b found the value fresh once it held the lease").hasValue(1);
		assertThat(b.get("sku-1", () -> "loaded")).isEqualTo("v2");
		assertThat(this.leases.live()).isZero();
	}

	@Test
	void aValueEvictedThroughAnotherInstanceIsNotBroughtBackByARefresh() {
		CacheSettings refreshing = this.settings.toBuilder().refreshAfter(Duration.ofMinutes(1)).build();
		List<Runnable> tasks = new ArrayList<>();
		StoreCache<String, byte[]> a = refreshing(refreshing, tasks);
		StoreCache<String, byte[]> b = refreshing(refreshing, new ArrayList<>());
		a.get("sku-1", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		a.get("sku-1", () -> "v" + (2 + this.loads.getAndIncrement()));
		b.evict("sku-1");
		tasks.forEach(Runnable::run);
		assertThat(this.loads).hasValue(0);
		assertThat(a.stored("sku-1")).isNull();
	}

	@Test
	void aRefreshWhileAnotherInstanceHoldsTheLeaseIsSkipped() {
		CacheSettings refreshing = this.settings.toBuilder().refreshAfter(Duration.ofMinutes(1)).build();
		List<Runnable> tasks = new ArrayList<>();
		StoreCache<String, byte[]> a = refreshing(refreshing, tasks);
		a.get("sku-1", () -> "v1");
		this.clock.advance(Duration.ofSeconds(61));
		String leaseKey = KeyNamespace.of(this.settings).leaseKeys().toStoreKey("sku-1");
		this.leases.compareAndSet(leaseKey, null, LeaseValue.held(LeaseValue.newToken()), LEASE);
		a.get("sku-1", () -> "v" + (2 + this.loads.getAndIncrement()));
		tasks.forEach(Runnable::run);
		assertThat(this.loads).hasValue(0);
		assertThat(a.statistics().refreshFailures()).isZero();
	}

	private StoreCache<String, byte[]> refreshing(CacheSettings settings, List<Runnable> tasks) {
		return TestAssembly.sharing(settings, this.shared, this.leases)
			.clock(this.clock)
			.refreshExecutor(tasks::add)
			.build();
	}

	/** A loads "sku-1" and hangs in its loader; B then waits for it: B's call, still running. */
	private Future<String> waitOnBWhileAHolds() {
		this.threads.submit(() -> this.a.get("sku-1", this::gatedLoad));
		await().until(() -> this.loads.get() == 1);
		Future<String> b = this.threads.submit(() -> this.b.get("sku-1", () -> "from-b"));
		await().until(() -> this.b.clusterWaits() == 1);
		return b;
	}

	private String gatedLoad() throws InterruptedException {
		this.loads.incrementAndGet();
		this.gate.await();
		return "price-1";
	}

	private static Throwable failure(Future<?> future) {
		try {
			future.get(10, TimeUnit.SECONDS);
			throw new AssertionError("expected a failure");
		}
		catch (java.util.concurrent.ExecutionException ex) {
			return ex.getCause();
		}
		catch (InterruptedException | java.util.concurrent.TimeoutException ex) {
			throw new AssertionError(ex);
		}
	}

}
