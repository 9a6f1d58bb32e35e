package io.polycache.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.NearSettings;
import io.polycache.core.NearStatistics;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.InvalidationListener;
import io.polycache.testfixtures.MapProvider;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testfixtures.TestAssembly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The near tier in front of a shared store, with two or more "instances" of one cache on
 * an {@link AnnouncingServer}: near hits never reach the store, no instance serves a value
 * older than a write that returned (the fill race included, forced step by step), and a
 * tier whose channel is down serves nothing and comes back empty.
 */
class NearCacheTests {

	private static final CacheSettings SETTINGS = CacheSettings.builder("products")
		.near(new NearSettings(100, Duration.ZERO, EvictionPolicy.LRU))
		.build();

	private final MutableClock clock = new MutableClock();

	private final ExpirySweeper sweeper = TestAssembly.idleSweeper();

	private final AnnouncingServer server = new AnnouncingServer();

	private final List<AssembledCache> instances = new ArrayList<>();

	@AfterEach
	void close() {
		this.instances.forEach(AssembledCache::close);
		this.sweeper.close();
	}

	@Test
	void aNearHitNeverReachesTheStore() {
		AssembledCache cache = instance();
		cache.put("k", "v");
		assertThat(cache.get("k", String.class)).isEqualTo("v");
		int reads = this.server.reads();
		for (int i = 0; i < 10; i++) {
			assertThat(cache.get("k", String.class)).isEqualTo("v");
			assertThat(cache.get("k", () -> "loaded")).isEqualTo("v");
		}
		assertThat(cache.getAll(List.of("k"))).containsEntry("k", "v");
		assertThat(this.server.reads()).isEqualTo(reads);
		NearStatistics near = cache.nearStatistics().orElseThrow();
		assertThat(near.hits()).isEqualTo(21);
		assertThat(near.misses()).isEqualTo(1);
		assertThat(near.size()).isEqualTo(1);
		assertThat(cache.statistics().hits()).as("near hits and the store's one").isEqualTo(22);
		assertThat(cache.statistics().misses()).isZero();
	}

	@Test
	void theWriterNeverReadsItsOwnOldValue() {
		AssembledCache cache = instance();
		cache.put("k", "v1");
		cache.get("k");
		cache.put("k", "v2");
		assertThat(cache.get("k", String.class)).isEqualTo("v2");
		cache.put("k", "v3", Duration.ofMinutes(1));
		assertThat(cache.get("k", String.class)).isEqualTo("v3");
		cache.evict("k");
		assertThat(cache.get("k")).isNull();
		cache.putIfAbsent("k", "v4");
		assertThat(cache.get("k", String.class)).isEqualTo("v4");
		cache.putAll(Map.of("k", "v5"));
		assertThat(cache.get("k", String.class)).isEqualTo("v5");
		cache.evictAll(List.of("k"));
		assertThat(cache.get("k")).isNull();
		cache.increment("n", 1);
		assertThat(cache.get("n", Long.class)).isEqualTo(1L);
		cache.increment("n", 1);
		assertThat(cache.get("n", Long.class)).isEqualTo(2L);
		cache.put("k", "v6");
		cache.get("k");
		cache.clear();
		assertThat(cache.get("k")).isNull();
	}

	@Test
	void anotherInstancesWriteDropsTheCopy() {
		AssembledCache a = instance();
		AssembledCache b = instance();
		a.put("k", "v1");
		a.put("other", "o");
		assertThat(b.get("k", String.class)).isEqualTo("v1");
		assertThat(b.get("other", String.class)).isEqualTo("o");
		a.put("k", "v2");
		assertThat(b.get("k", String.class)).isEqualTo("v2");
		assertThat(b.nearStatistics().orElseThrow().size()).as("the other key's copy stays").isEqualTo(2);
		a.evict("k");
		assertThat(b.get("k")).isNull();
		a.clear();
		assertThat(b.get("other")).isNull();
	}

	/** Each copy was given the old expiry's time to live: a touch drops it on every instance. */
	@Test
	void aTouchDropsTheCopyOnEveryInstance() {
		this.server.echoOwnWrites(false);
		AssembledCache a = instance();
		AssembledCache b = instance();
		a.put("k", "v");
		a.put("other", "o");
		assertThat(a.get("k", String.class)).isEqualTo("v");
		assertThat(b.get("k", String.class)).isEqualTo("v");
		b.get("other");
		assertThat(a.touch("k", Duration.ofSeconds(1))).isTrue();
		assertThat(a.nearStatistics().orElseThrow().size()).as("a's copy of k is gone").isZero();
		assertThat(b.nearStatistics().orElseThrow().size()).as("b keeps only the other key's copy").isEqualTo(1);
		assertThat(a.touch("absent", Duration.ofSeconds(1))).isFalse();
		assertThat(a.timeToLive("k")).isPresent();
		assertThat(b.nearStatistics().orElseThrow().size()).isEqualTo(1);
	}

	@Test
	void anEvictionByPrefixDropsEveryCopyOnEveryInstance() {
		this.server.echoOwnWrites(false);
		AssembledCache a = instance();
		AssembledCache b = instance();
		a.put("user:1", "u");
		a.put("order:1", "o");
		for (AssembledCache instance : List.of(a, b)) {
			instance.get("user:1");
			instance.get("order:1");
		}
		assertThat(a.evictByPrefix("user:")).isEqualTo(1);
		for (AssembledCache instance : List.of(a, b)) {
			assertThat(instance.nearStatistics().orElseThrow().size()).isZero();
			assertThat(instance.get("user:1")).isNull();
			assertThat(instance.get("order:1", String.class)).isEqualTo("o");
		}
	}

	@Test
	void aCopyReadBeforeAnInvalidationThatOvertookTheReadIsNeverKept() throws Exception {
		AssembledCache a = instance();
		AssembledCache b = instance();
		a.put("k", "v1");
		CountDownLatch readFound = new CountDownLatch(1);
		CountDownLatch writeDone = new CountDownLatch(1);
		AtomicBoolean paused = new AtomicBoolean();
		// B's read finds v1 in the store, then waits while A writes v2 and its invalidation reaches B.
		this.server.afterRead((key) -> {
			if (Thread.currentThread().getName().equals("reader-b") && paused.compareAndSet(false, true)) {
				readFound.countDown();
				await(writeDone);
			}
		});
		CompletableFuture<Object> read = new CompletableFuture<>();
		Thread reader = new Thread(() -> read.complete(b.get("k", String.class)), "reader-b");
		reader.start();
		assertThat(readFound.await(10, TimeUnit.SECONDS)).isTrue();
		a.put("k", "v2");
		writeDone.countDown();
		assertThat(read.get(10, TimeUnit.SECONDS)).as("the read was concurrent with the write").isEqualTo("v1");
		this.server.afterRead(null);
		assertThat(b.get("k", String.class)).as("v1 was not kept").isEqualTo("v2");
	}

	/**
	 * A caller that joins another's load gets a value that may have been read before its own
	 * ticket: C misses, A puts v1, C's load reads v1 and is held, A evicts, B2 misses and
	 * joins C's load. Neither may keep v1.
	 */
	@Test
	void aJoinedLoadDoesNotKeepAValueReadBeforeAnEvict() throws Exception {
		AssembledCache a = instance();
		AssembledCache b = instance();
		CountDownLatch readV1 = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Map<String, Integer> readsByThread = new ConcurrentHashMap<>();
		this.server.afterRead((key) -> {
			if (!Thread.currentThread().getName().equals("loader-c")) {
				return;
			}
			int reads = readsByThread.merge("c", 1, Integer::sum);
			if (reads == 1) {
				a.put("k", "v1");
			}
			else if (reads == 2) {
				readV1.countDown();
				await(release);
			}
		});
		CompletableFuture<Object> c = new CompletableFuture<>();
		new Thread(() -> c.complete(b.get("k", () -> "loaded-by-c")), "loader-c").start();
		assertThat(readV1.await(10, TimeUnit.SECONDS)).isTrue();
		a.evict("k");
		CompletableFuture<Object> b2 = new CompletableFuture<>();
		Thread joiner = new Thread(() -> b2.complete(b.get("k", () -> "loaded-by-b2")), "loader-b2");
		joiner.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (joiner.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(joiner.getState()).as("B2 waits for C's load").isEqualTo(Thread.State.WAITING);
		release.countDown();
		assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo("v1");
		assertThat(b2.get(10, TimeUnit.SECONDS)).as("B2 joined C's load").isEqualTo("v1");
		this.server.afterRead(null);
		assertThat(b.get("k")).as("the evicted key is not served from the near tier").isNull();
	}

	/**
	 * A value refresh-ahead reloads in the background is written by no caller: the near
	 * tier must still drop its copy, even when the store does not echo the instance's own
	 * writes (the file system's poller skips them).
	 */
	@Test
	void aBackgroundReloadDropsTheNearCopy() {
		this.server.echoOwnWrites(false);
		CacheSettings settings = CacheSettings.builder("refreshed")
			.ttl(Duration.ofMinutes(10))
			.refreshAfter(Duration.ofMinutes(1))
			.near(new NearSettings(100, Duration.ofSeconds(30), EvictionPolicy.LRU))
			.build();
		AssembledCache cache = cache(settings, this.server.provider());
		assertThat(cache.get("k", () -> "v1")).isEqualTo("v1");
		this.clock.advance(Duration.ofSeconds(61));
		// The near copy has expired: this read reaches the store, finds v1 due, and reloads v2.
		assertThat(cache.get("k", () -> "v2")).isEqualTo("v1");
		assertThat(cache.storeCache().stored("k")).isEqualTo("v2");
		assertThat(cache.get("k", () -> "v3")).as("the near tier did not keep v1").isEqualTo("v2");
	}

	@Test
	void nothingIsServedWhileTheChannelIsDownAndTheTierComesBackEmpty() {
		AssembledCache cache = instance();
		cache.put("k", "v1");
		cache.get("k");
		this.server.listeners().forEach(InvalidationListener::disconnected);
		assertThat(cache.nearStatistics().orElseThrow().serving()).isFalse();
		// A change whose announcement is lost while the channel is down.
		this.server.putSilently(storeKey(cache, "k"), storeValue(cache, "v2"));
		int reads = this.server.reads();
		assertThat(cache.get("k", String.class)).isEqualTo("v2");
		assertThat(cache.get("k", String.class)).isEqualTo("v2");
		assertThat(this.server.reads()).as("every read went to the store").isEqualTo(reads + 2);
		assertThat(cache.nearStatistics().orElseThrow().size()).isZero();
		this.server.listeners().forEach(InvalidationListener::connected);
		assertThat(cache.get("k", String.class)).isEqualTo("v2");
		assertThat(cache.get("k", String.class)).isEqualTo("v2");
		assertThat(this.server.reads()).as("serving again").isEqualTo(reads + 3);
	}

	@Test
	void aCopyFilledAcrossAReconnectionIsDropped() {
		AssembledCache cache = instance();
		cache.put("k", "v1");
		AtomicBoolean once = new AtomicBoolean();
		// The connection drops and comes back while the read is in the store; a message may be lost.
		this.server.afterRead((key) -> {
			if (once.compareAndSet(false, true)) {
				this.server.listeners().forEach(InvalidationListener::disconnected);
				this.server.putSilently(storeKey(cache, "k"), storeValue(cache, "v2"));
				this.server.listeners().forEach(InvalidationListener::connected);
			}
		});
		assertThat(cache.get("k", String.class)).isEqualTo("v1");
		this.server.afterRead(null);
		assertThat(cache.get("k", String.class)).isEqualTo("v2");
	}

	@Test
	void nothingIsServedBeforeTheChannelIsUp() {
		this.server.connectOnSubscribe(false);
		AssembledCache cache = instance();
		cache.put("k", "v");
		cache.get("k");
		cache.get("k");
		assertThat(this.server.reads()).isEqualTo(2);
		assertThat(cache.nearStatistics().orElseThrow().serving()).isFalse();
		this.server.listeners().forEach(InvalidationListener::connected);
		cache.get("k");
		cache.get("k");
		assertThat(this.server.reads()).isEqualTo(3);
	}

	@Test
	void withoutAChannelACopyLagsAtMostNearTtl() {
		CacheSettings settings = CacheSettings.builder("lagging")
			.near(new NearSettings(100, Duration.ofSeconds(30), EvictionPolicy.LRU))
			.build();
		AssembledCache a = cache(settings, new MapProvider());
		a.put("k", "v1");
		assertThat(a.get("k", String.class)).isEqualTo("v1");
		assertThat(a.nearStatistics().orElseThrow().serving()).isTrue();
		a.storeCache().put("k", "v2");
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(a.get("k", String.class)).as("another instance's write is not heard").isEqualTo("v1");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(a.get("k", String.class)).isEqualTo("v2");
	}

	/**
	 * One writer on A writes 1, 2, 3... while readers on B and C read: a read that starts
	 * after a write returned never sees an older value, whatever the interleaving of fills
	 * and invalidations.
	 */
	@Test
	void noReadStartedAfterAWriteReturnedSeesAnOlderValue() throws Exception {
		AssembledCache a = instance();
		List<AssembledCache> readers = List.of(instance(), instance());
		a.put("hot", 0L);
		AtomicLong written = new AtomicLong();
		AtomicLong stale = new AtomicLong();
		AtomicLong reads = new AtomicLong();
		AtomicBoolean done = new AtomicBoolean();
		runConcurrently(3, (thread) -> {
			if (thread == 0) {
				for (long i = 1; i <= 20_000; i++) {
					a.put("hot", i);
					written.set(i);
				}
				done.set(true);
				return;
			}
			AssembledCache reader = readers.get(thread - 1);
			while (!done.get()) {
				long before = written.get();
				Long seen = reader.get("hot", Long.class);
				reads.incrementAndGet();
				if (seen == null || seen < before) {
					stale.incrementAndGet();
				}
			}
		});
		assertThat(stale.get()).isZero();
		assertThat(reads.get()).isPositive();
		readers.forEach((reader) -> assertThat(reader.get("hot", Long.class)).isEqualTo(20_000L));
		assertThat(readers.get(0).nearStatistics().orElseThrow().hits()).as("the tier served some reads")
			.isPositive();
	}

	private AssembledCache instance() {
		return cache(SETTINGS, this.server.provider());
	}

	private AssembledCache cache(CacheSettings settings, BackendProvider provider) {
		AssembledCache cache = TestAssembly
			.assembler(this.clock, (ignored) -> TestAssembly.jdkCodec(), Map.of(), this.sweeper, Runnable::run)
			.assemble(settings, provider);
		this.instances.add(cache);
		return cache;
	}

	@SuppressWarnings("unchecked")
	private static String storeKey(AssembledCache cache, String key) {
		return ((StoreCache<String, byte[]>) cache.storeCache()).storeKey(key);
	}

	private static byte[] storeValue(AssembledCache cache, String value) {
		return TestAssembly.jdkCodec().encode(value);
	}

	/** Runs the body on that many threads at once, and fails with the first failure. */
	private static void runConcurrently(int threads, IntConsumer body) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int thread = i;
				running.add(executor.submit(() -> {
					await(start);
					body.accept(thread);
				}));
			}
			start.countDown();
			for (Future<?> future : running) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
