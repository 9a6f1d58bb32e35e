package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

import io.polycache.core.ExtendedCache;
import io.polycache.core.NearStatistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application contexts, two instances of one application, on one real redis, with
 * {@code products} behind a near tier: a put, evict or clear through one removes the old
 * value from the other's near tier within 100 ms of the writing call's return, over 1,000
 * rounds, and while every client connection is killed under continuing writes; and a
 * read that an invalidation overtook does not keep its value.
 */
abstract class AbstractRedisNearTierTests {

	/** Within this long of a write's return, no instance serves the old value (the bound). */
	static final Duration STALE_BOUND = Duration.ofMillis(100);

	/** How long a reconnection may take: Lettuce's reconnect delay grows while redis is down. */
	static final Duration RECONNECT = Duration.ofSeconds(15);

	/** {@code spring.data.redis.*} for the server or cluster under test. */
	protected abstract String[] redisProperties();

	/** The ids of the pub/sub clients on every server, from {@code CLIENT LIST TYPE pubsub}. */
	protected abstract Set<String> pubSubClients();

	/** {@code CLIENT KILL TYPE normal} and {@code CLIENT KILL TYPE pubsub} on every server. */
	protected abstract void killEveryClient();

	protected ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.timeout=2s", "cache.backends.products.type=redis",
					"cache.backends.products.ttl=10m", "cache.backends.products.near.max-entries=1000")
			.withPropertyValues(redisProperties());
	}

	@Test
	void aPutEvictOrClearOnOneInstanceRemovesTheOtherInstancesNearCopy() throws Throwable {
		twoInstances(runner(), (a, b) -> {
			a.put("k", "v1");
			// A fill is refused while A's own announcement may still be on its way (across the cluster bus).
			awaitTrue(() -> "v1".equals(b.get("k", String.class)) && near(b).hits() > 0, STALE_BOUND);

			a.put("k", "v2");
			assertSeenWithin(() -> "v2".equals(b.get("k", String.class)));
			assertThat(b.get("k", String.class)).isEqualTo("v2");

			a.evict("k");
			assertSeenWithin(() -> b.get("k") == null);

			a.put("k", "v3");
			a.put("other", "o");
			assertThat(b.get("k", String.class)).isEqualTo("v3");
			assertThat(b.get("other", String.class)).isEqualTo("o");
			a.clear();
			assertSeenWithin(() -> b.get("k") == null && b.get("other") == null);
			assertThat(near(b).invalidations()).isPositive();
		});
	}

	/**
	 * A near copy lives {@code near.ttl} from its fill: a touch that shortens the entry's
	 * TTL must drop the copies every instance made before it, and an eviction by prefix
	 * the copies of the keys it removed.
	 */
	@Test
	void aTouchOrAnEvictionByPrefixOnOneInstanceDropsTheOtherInstancesNearCopies() throws Throwable {
		twoInstances(runner(), (a, b) -> {
			a.put("k", "v");
			awaitTrue(() -> "v".equals(b.get("k", String.class)) && near(b).size() == 1 && near(b).hits() > 0,
					STALE_BOUND);
			assertThat(a.touch("k", Duration.ofMillis(300))).isTrue();
			assertSeenWithin(() -> near(b).size() == 0);
			awaitTrue(() -> a.timeToLive("k").isEmpty(), RECONNECT);
			assertThat(b.get("k")).as("not served from a copy made before the touch").isNull();

			a.put("user:1", "u");
			a.put("order:1", "o");
			awaitTrue(() -> "u".equals(b.get("user:1", String.class)) && "o".equals(b.get("order:1", String.class))
					&& near(b).size() == 2, STALE_BOUND);
			assertThat(a.evictByPrefix("user:")).isEqualTo(1);
			assertSeenWithin(() -> b.get("user:1") == null);
			assertThat(b.get("order:1", String.class)).isEqualTo("o");
		});
	}

	/**
	 * The classic race, forced step by step on the real server: B reads v1 from redis, A
	 * writes v2, A's invalidation reaches B while B's read is still decoding v1, and B must
	 * not then keep v1 in its near tier.
	 */
	@Test
	void aReadOvertakenByAnInvalidationDoesNotKeepItsValue() throws Throwable {
		twoInstances(runner().withPropertyValues("cache.serialization.allowed-packages=io.polycache.autoconfigure"),
				(a, b) -> {
					a.put("k", new PausingValue("v1"));
					awaitTrue(() -> near(b).invalidations() == 1, RECONNECT);
					PausingValue.pauseNextReadOn("reader-b");
					CompletableFuture<PausingValue> read = new CompletableFuture<>();
					new Thread(() -> read.complete(b.get("k", PausingValue.class)), "reader-b").start();
					assertThat(PausingValue.awaitPaused()).as("B's read found v1 in redis").isTrue();
					a.put("k", new PausingValue("v2"));
					awaitTrue(() -> near(b).invalidations() == 2, RECONNECT);
					PausingValue.release();
					assertThat(read.get(10, TimeUnit.SECONDS)).as("B's read was concurrent with the write")
						.isEqualTo(new PausingValue("v1"));
					assertThat(near(b).size()).as("v1 was not kept").isZero();
					assertThat(b.get("k", PausingValue.class)).isEqualTo(new PausingValue("v2"));
				});
	}

	@Test
	void aThousandRoundsOfWriteOnOneAndReadOnTheOtherHaveNoStaleReadBeyond100Milliseconds() throws Throwable {
		twoInstances(runner(), (a, b) -> {
			int rounds = 1_000;
			long[] untilSeen = new long[rounds];
			int stale = 0;
			int briefStale = 0;
			for (int round = 0; round < rounds; round++) {
				String key = "k" + (round % 10);
				b.get(key);
				String value = "v" + round;
				a.put(key, value);
				long returned = System.nanoTime();
				while (true) {
					String seen = b.get(key, String.class);
					long now = System.nanoTime();
					if (value.equals(seen)) {
						untilSeen[round] = now - returned;
						break;
					}
					briefStale++;
					if (now - returned > STALE_BOUND.toNanos()) {
						stale++;
						untilSeen[round] = now - returned;
						break;
					}
					// Leaves the two cores to redis and the I/O threads that bring the invalidation.
					LockSupport.parkNanos(20_000);
				}
			}
			Arrays.sort(untilSeen);
			System.out.printf("%s: %d rounds, %d reads of the old value within the bound, %d beyond it; the new value"
					+ " seen on B after A's put returned: p50 %d us, p99 %d us, max %d us%n", getClass().getSimpleName(),
					rounds, briefStale, stale, untilSeen[rounds / 2] / 1_000, untilSeen[rounds * 99 / 100] / 1_000,
					untilSeen[rounds - 1] / 1_000);
			assertThat(stale).isZero();
			assertThat(near(b).hits()).as("B's near tier served the reads between writes").isGreaterThan(rounds / 2);
		});
	}

	@Test
	void killingEveryClientConnectionWhileWritesContinueLeavesNoStaleRead() throws Throwable {
		ApplicationContextRunner runner = runner().withPropertyValues("cache.backends.products.fail-open=false",
				"cache.backends.products.outage-window=100ms");
		twoInstances(runner, (a, b) -> {
			a.put("hot", "v0");
			assertThat(b.get("hot", String.class)).isEqualTo("v0");
			Set<String> subscribersBefore = pubSubClients();
			StaleReadCheck check = new StaleReadCheck(a, b);
			check.start();
			Thread.sleep(300);
			killEveryClient();
			awaitTrue(() -> near(b).serving() && !pubSubClients().isEmpty()
					&& !pubSubClients().equals(subscribersBefore), RECONNECT);
			long readsBefore = near(b).hits();
			Thread.sleep(500);
			check.stop();
			assertThat(pubSubClients()).as("the pub/sub connections were killed and made anew")
				.doesNotContainAnyElementsOf(subscribersBefore);
			assertThat(near(b).hits()).as("B's near tier served again after the reconnect").isGreaterThan(readsBefore);
			assertThat(check.writes()).isGreaterThan(50);
			assertThat(check.staleReads()).isZero();
		});
	}

	/** Runs the test on two instances' {@code products} caches, A and B, once their near tiers serve. */
	protected static void twoInstances(ApplicationContextRunner runner, TwoInstances test) throws Throwable {
		runner.run((contextA) -> runner.run((contextB) -> {
			ExtendedCache a = products(contextA);
			ExtendedCache b = products(contextB);
			awaitTrue(() -> near(a).serving() && near(b).serving(), RECONNECT);
			test.run(a, b);
		}));
	}

	private static ExtendedCache products(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return (ExtendedCache) context.getBean(CacheManager.class).getCache("products");
	}

	static NearStatistics near(ExtendedCache cache) {
		return cache.nearStatistics().orElseThrow();
	}

	/** Fails unless the condition holds within {@link #STALE_BOUND} of now. */
	static void assertSeenWithin(BooleanSupplier condition) throws InterruptedException {
		long start = System.nanoTime();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime() - start).as("nanoseconds waited").isLessThan(STALE_BOUND.toNanos());
			Thread.sleep(1);
		}
	}

	static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("within " + timeout).isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	@FunctionalInterface
	interface TwoInstances {

		void run(ExtendedCache a, ExtendedCache b) throws Exception;

	}

	/**
	 * A writes {@code hot} = {@code v1}, {@code v2}, ... one after another, and B reads it
	 * as fast as it can. A read that started at {@code t} is stale if it returned
	 * {@code vj} while a later write had returned before {@code t - 100 ms}. A failed write
	 * (it throws: fail-open is off) is not counted as returned, whether or not it reached
	 * redis.
	 */
	static final class StaleReadCheck {

		private static final int MAX_WRITES = 100_000;

		private static final long FAILED = -1;

		private final ExtendedCache a;

		private final ExtendedCache b;

		private final AtomicLongArray returnedAt = new AtomicLongArray(MAX_WRITES);

		private final AtomicInteger written = new AtomicInteger();

		private final AtomicLong stale = new AtomicLong();

		private final AtomicInteger failures = new AtomicInteger();

		private final AtomicBoolean stopped = new AtomicBoolean();

		private final ExecutorService threads = Executors.newFixedThreadPool(2);

		private final List<Future<?>> running = new ArrayList<>();

		StaleReadCheck(ExtendedCache a, ExtendedCache b) {
			this.a = a;
			this.b = b;
		}

		void start() {
			this.running.add(this.threads.submit(this::write));
			this.running.add(this.threads.submit(this::read));
		}

		private void write() {
			for (int i = 1; i < MAX_WRITES && !this.stopped.get(); i++) {
				try {
					long t = System.nanoTime();
					this.a.put("hot", "v" + i);
					this.returnedAt.set(i, System.nanoTime());

				}
				catch (RuntimeException failed) {
					// Redis was unreachable: not a returned write.

				}
				this.written.set(i);
				sleepBriefly();
			}
		}

		private void read() {
			while (!this.stopped.get()) {
				long started = System.nanoTime();
				String seen;
				try {
					seen = this.b.get("hot", String.class);
				}
				catch (RuntimeException failed) {
					continue;
				}
				// Reads as a busy application does, not flat out: a spinning reader starves the I/O
				// threads and redis of the machine's two cores.
				LockSupport.parkNanos(100_000);
				if (seen != null && isStale(Integer.parseInt(seen.substring(1)), started)) {
					this.stale.incrementAndGet();
				}
			}
		}

		private boolean isStale(int seen, long readStarted) {
			if (this.returnedAt.get(seen) == FAILED) {
				return false;
			}
			int last = this.written.get();
			for (int later = seen + 1; later <= last; later++) {
				long returned = this.returnedAt.get(later);
				if (returned > 0) {
					return returned < readStarted - STALE_BOUND.toNanos();
				}
			}
			return false;
		}

		void stop() throws Exception {
			this.stopped.set(true);
			for (Future<?> thread : this.running) {
				thread.get();
			}
			this.threads.shutdown();
		}

		int writes() {
			return this.written.get();
		}

		long staleReads() {
			return this.stale.get();
		}

		private static void sleepBriefly() {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
