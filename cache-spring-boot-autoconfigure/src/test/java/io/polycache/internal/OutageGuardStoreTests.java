package io.polycache.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.core.StoreUnavailableException;
import io.polycache.spi.CacheStore;
import io.polycache.spi.LeaseStore;
import io.polycache.testfixtures.MapLeaseStore;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The outage guard's state machine, on a hand-moved clock: fail fast during the window,
 * one probe at a time after it, up again when a probe gets an answer.
 */
class OutageGuardStoreTests {

	private static final Duration WINDOW = Duration.ofSeconds(1);

	private final AtomicLong nanos = new AtomicLong(42);

	private final ScriptedStore remote = new ScriptedStore();

	private final OutageGuardStore store = new OutageGuardStore<>(this.remote,
			OutageGuardStore.causedBy(TimeoutException.class), WINDOW, this.nanos::get);

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void storeThatIsUpGetsEveryCall() {
		this.remote.answer(() -> "v");
		assertThat(this.store.get("a")).isEqualTo("v");
		assertThat(this.store.get("b")).isEqualTo("v");
		assertThat(this.remote.calls).hasValue(2);
		assertThat(this.store.isDown()).isFalse();
	}

	@Test
	void outageMakesCallsFailAtOnceUntilTheWindowEndsThenOneProbeBringsTheStoreBack() {
		takeDown();
		this.remote.answer(() -> "back");
		this.nanos.addAndGet(WINDOW.toNanos() - 1);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> this.store.get("k"))
			.withMessageContaining("is unreachable")
			.withRootCauseInstanceOf(TimeoutException.class);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> this.store.put("k", "v", WINDOW));
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> this.store.increment("c", 1, WINDOW));
		assertThat(this.remote.calls).as("nothing reached the store in the window").hasValue(1);
		this.nanos.addAndGet(1);
		assertThat(this.store.get("k")).as("the probe").isEqualTo("back");
		assertThat(this.store.isDown()).isFalse();
		assertThat(this.store.get("k")).isEqualTo("back");
		assertThat(this.remote.calls).hasValue(3);
	}

	@Test
	void leasesOfADownServerFailAtOnceAndTheirOutagesCount() {
		MapLeaseStore leases = new MapLeaseStore(new MutableClock());
		LeaseStore guarded = this.store.guarded(leases);
		assertThat(guarded.compareAndSet("lease", null, "mine", WINDOW)).isTrue();
		takeDown();
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> guarded.get("lease"));
		assertThat(leases.calls()).as("nothing reached the leases in the window").isEqualTo(1);
		this.nanos.addAndGet(WINDOW.toNanos());
		assertThat(guarded.get("lease")).as("the probe").isEqualTo("mine");
		assertThat(this.store.isDown()).isFalse();
	}

	@Test
	void probeThatTimesOutStartsAnotherWindow() {
		takeDown();
		this.nanos.addAndGet(WINDOW.toNanos());
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> this.store.get("k"))
			.withCauseInstanceOf(TimeoutException.class);
		this.nanos.addAndGet(WINDOW.toNanos() - 1);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> this.store.get("k"));
		assertThat(this.remote.calls).hasValue(2);
	}

	@Test
	void probeThatGetsAnErrorReplyBringsTheStoreBack() {
		takeDown();
		this.nanos.addAndGet(WINDOW.toNanos());
		this.remote.answer(() -> {
			throw new IllegalStateException("WRONGTYPE: the server answered");
		});
		assertThatIllegalStateException().isThrownBy(() -> this.store.get("k"));
		assertThat(this.store.isDown()).isFalse();
	}

	@Test
	void probeThatThrowsAnErrorLetsTheNextCallProbe() {
		takeDown();
		this.nanos.addAndGet(WINDOW.toNanos());
		this.remote.answer(() -> {
			throw new StackOverflowError("in the client");
		});
		assertThatExceptionOfType(StackOverflowError.class).isThrownBy(() -> this.store.get("k"));
		this.remote.answer(() -> "v");
		assertThat(this.store.get("k")).isEqualTo("v");
		assertThat(this.store.isDown()).isFalse();
	}

	@Test
	void probeThatTheStoreRefusesWithoutAskingItsServerLeavesTheStoreDown() {
		takeDown();
		this.nanos.addAndGet(WINDOW.toNanos());
		// The scripted store keeps CacheStore's refusing removeByPrefix, as memcached refuses it.
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> this.store.removeByPrefix("a"));
		assertThat(this.store.isDown()).as("no server answered").isTrue();
		this.remote.answer(() -> "v");
		assertThat(this.store.get("k")).as("the next call probes").isEqualTo("v");
		assertThat(this.store.isDown()).isFalse();
	}

	@Test
	void failuresThatSayNothingAboutReachabilityDoNotCount() {
		this.remote.answer(() -> {
			throw new IllegalStateException("not a counter");
		});
		assertThatIllegalStateException().isThrownBy(() -> this.store.get("k"));
		assertThat(this.store.isDown()).isFalse();
		this.remote.answer(() -> "v");
		assertThat(this.store.get("k")).isEqualTo("v");
	}

	@Test
	void whileDownExactlyOneOfManyConcurrentCallsReachesTheStore() throws Exception {
		takeDown();
		this.nanos.addAndGet(WINDOW.toNanos());
		CountDownLatch probing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.remote.answer(() -> {
			probing.countDown();
			await(release);
			return "back";
		});
		int callers = 16;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<@Nullable Object>> results = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			results.add(this.threads.submit(() -> {
				start.await();
				return this.store.get("k");
			}));
		}
		start.countDown();
		assertThat(probing.await(10, TimeUnit.SECONDS)).isTrue();
		int failedFast = 0;
		Future<@Nullable Object> probe = null;
		for (Future<@Nullable Object> result : results) {
			try {
				result.get(200, TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).isInstanceOf(StoreUnavailableException.class)
					.hasMessageContaining("another call is checking");
				failedFast++;
			}
			catch (TimeoutException stillWaiting) {
				assertThat(probe).as("a second caller waiting at the store").isNull();
				probe = result;
			}
		}
		assertThat(failedFast).isEqualTo(callers - 1);
		assertThat(this.remote.calls).as("the first failure, then one probe").hasValue(2);
		release.countDown();
		assertThat(probe.get(10, TimeUnit.SECONDS)).isEqualTo("back");
		assertThat(this.store.isDown()).isFalse();
	}

	@Test
	void callsRacingWithTheClockNeverPutTwoAtTheStoreWhileItIsDown() throws Exception {
		takeDown();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostInFlight = new AtomicInteger();
		this.remote.answer(() -> {
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			Thread.yield();
			inFlight.decrementAndGet();
			throw new IllegalStateException("timed out", new TimeoutException());
		});
		// How many probes a number of calls makes depends on scheduling: a probe preempted
		// in its call holds the others to fast failures while they move the clock on. So
		// callers make at least 5,000 calls each, then go on until enough probes were made,
		// with a bound (80,000 calls per probe; CI once saw 4,400).
		int probes = 100;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> callers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			callers.add(this.threads.submit(() -> {
				start.await();
				for (int call = 0; (call < 5_000 || probesMade() < probes) && call < 1_000_000
						&& !Thread.currentThread().isInterrupted(); call++) {
					this.nanos.addAndGet(WINDOW.toNanos() / 100);
					try {
						this.store.get("k");
					}
					catch (RuntimeException expected) {
						// Fast failure or the probe's timeout: both are what a down store gives.
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> caller : callers) {
			caller.get(60, TimeUnit.SECONDS);
		}
		assertThat(probesMade()).as("probes made").isGreaterThanOrEqualTo(probes);
		assertThat(mostInFlight).as("calls at the store at once").hasValue(1);
		assertThat(this.store.isDown()).isTrue();
	}

	@Test
	void underFailOpenAFastFailureIsAMissAndTheLoaderRuns() {
		StoreCache<?, ?> cache = StoreCache.builder(CacheSettings.defaults("remote"), new FailOpenStore<>("remote", this.store))
			.build();
		takeDown();
		this.remote.answer(() -> "never read");
		assertThat(cache.get("k")).isNull();
		assertThat(cache.get("k", () -> "loaded")).isEqualTo("loaded");
		assertThat(this.remote.calls).hasValue(1);
	}

	/** Calls that reached the store after {@link #takeDown()}'s. */
	private int probesMade() {
		return this.remote.calls.get() - 1;
	}

	/** One call that times out: the store is down from now for a window. */
	private void takeDown() {
		this.remote.answer(() -> {
			throw new IllegalStateException("timed out", new TimeoutException());
		});
		assertThatIllegalStateException().isThrownBy(() -> this.store.get("k"));
		assertThat(this.store.isDown()).isTrue();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A remote store whose every call does what the test says, counted. */
	static final class ScriptedStore implements CacheStore<Object, Object> {

		final AtomicInteger calls = new AtomicInteger();

		private volatile Supplier<@Nullable Object> answer = () -> null;

		void answer(Supplier<@Nullable Object> answer) {
			this.answer = answer;
		}

		private @Nullable Object call() {
			this.calls.incrementAndGet();
			return this.answer.get();
		}

		@Override
		public @Nullable Object get(Object key) {
			return call();
		}

		@Override
		public void put(Object key, Object value, Duration ttl) {
			call();
		}

		@Override
		public @Nullable Object putIfAbsent(Object key, Object value, Duration ttl) {
			return call();
		}

		@Override
		public boolean remove(Object key) {
			call();
			return true;
		}

		@Override
		public void clear() {
			call();
		}

		@Override
		public long increment(Object key, long delta, Duration ttlIfCreated) {
			call();
			return 0;
		}

		@Override
		public String toString() {
			return "remote";
		}

	}

}
