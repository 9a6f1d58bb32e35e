package io.polycache.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testfixtures.ReferencePolicyModel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FileStore#resize}: a lower bound evicts down to it at once, by the policy as the
 * reference model does, counted as evictions, and holds from then on; under concurrent
 * writers and readers, the count is within the bound after every change.
 */
class FileStoreResizeTests {

	private static final int KEYS = 12;

	@TempDir
	Path root;

	private final ExecutorService executor = Executors.newFixedThreadPool(5);

	@AfterEach
	void shutdown() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void resizingAgreesWithTheModel(EvictionPolicy policy) throws IOException {
		MutableClock clock = new MutableClock();
		StatsCounter events = new StatsCounter();
		CacheSettings settings = CacheSettings.builder("resize").maxEntries(8).eviction(policy).build();
		ReferencePolicyModel model = new ReferencePolicyModel(policy, 8);
		SplittableRandom random = new SplittableRandom(policy.ordinal());
		long[] bounds = { 3, 10, 1, 6, 0, 4 };
		try (FileStore store = new FileStore(this.root, settings, clock, events, new SplittableRandom(7), Runnable::run,
				Duration.ZERO)) {
			for (int step = 1; step <= 300; step++) {
				clock.advanceMillis(1);
				long now = clock.millis();
				int number = random.nextInt(KEYS);
				String key = "k" + number;
				int operation = random.nextInt(20);
				if (operation < 9) {
					store.put(key, key.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
					model.put(number, step, ReferencePolicyModel.NEVER, now);
				}
				else if (operation < 17) {
					assertThat(store.get(key) != null).as("step %d: hit on %s", step, key)
						.isEqualTo(model.get(number, now) != null);
				}
				else if (operation < 18) {
					store.remove(key);
					model.remove(number, now);
				}
				else {
					long bound = bounds[random.nextInt(bounds.length)];
					store.resize(bound);
					model.resize(bound, now);
					assertThat(store.maxEntries()).isEqualTo(bound);
				}
				Set<Long> present = present(store);
				model.resolveEvictions(present, now);
				assertThat(present).as("step %d, %s", step, policy).isEqualTo(model.liveKeys(now));
				assertThat(store.size()).hasValue(present.size());
			}
			assertThat(events.snapshot().evictions()).isEqualTo(model.evictions()).isPositive();
		}
	}

	@Test
	void aLowerBoundReachesEntriesAnotherStoreWrote() throws IOException {
		CacheSettings settings = CacheSettings.builder("shared").maxEntries(100).build();
		StatsCounter events = new StatsCounter();
		try (FileStore resized = new FileStore(this.root, settings, Clock.systemUTC(), events, new SplittableRandom(7),
				Runnable::run, Duration.ZERO);
				FileStore writer = new FileStore(this.root, settings, Clock.systemUTC(), new StatsCounter(),
						new SplittableRandom(8), Runnable::run, Duration.ZERO)) {
			// Fewer than the bound plus a write's slack (10), all unknown to the resized store.
			for (int i = 0; i < 12; i++) {
				writer.put("k" + i, new byte[] { 1 }, Duration.ZERO);
			}
			resized.resize(5);
			assertThat(resized.size()).as("exactly, without the slack a write may use").hasValue(5);
			assertThat(writer.size()).hasValue(5);
			assertThat(events.snapshot().evictions()).isEqualTo(7);
		}
	}

	@Test
	void concurrentResizesKeepTheBound() throws Exception {
		CacheSettings settings = CacheSettings.builder("concurrent").maxEntries(40).build();
		try (FileStore store = new FileStore(this.root, settings, Clock.systemUTC(), new StatsCounter(),
				new SplittableRandom(7), Runnable::run, Duration.ZERO)) {
			ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
			AtomicBoolean running = new AtomicBoolean(true);
			CountDownLatch start = new CountDownLatch(1);
			long[] bounds = { 5, 40, 1, 20 };
			Future<Integer> resizer = this.executor.submit(() -> {
				start.await();
				int changes = 0;
				while (running.get()) {
					long bound = bounds[changes++ % bounds.length];
					store.resize(bound);
					for (int i = 0; i < 5; i++) {
						long size = store.size().orElseThrow();
						if (size > bound) {
							violations.add("size " + size + " over bound " + bound);
						}
					}
				}
				return changes;
			});
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				workers.add(this.executor.submit(() -> {
					SplittableRandom random = new SplittableRandom(thread);
					start.await();
					for (int i = 0; i < 1_500; i++) {
						String key = "k" + random.nextInt(80);
						if (random.nextBoolean()) {
							byte[] value = store.get(key);
							if (value != null && !new String(value, StandardCharsets.UTF_8).equals(key)) {
								violations.add(key + " read " + new String(value, StandardCharsets.UTF_8));
							}
						}
						else {
							store.put(key, key.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> worker : workers) {
				worker.get(120, TimeUnit.SECONDS);
			}
			running.set(false);
			assertThat(resizer.get(30, TimeUnit.SECONDS)).isPositive();
			assertThat(violations).isEmpty();
			assertThat(store.size().orElseThrow()).isLessThanOrEqualTo(store.maxEntries());
		}
	}

	private static Set<Long> present(FileStore store) {
		Set<Long> present = new TreeSet<>();
		for (long i = 0; i < KEYS; i++) {
			if (store.contains("k" + i)) {
				present.add(i);
			}
		}
		return present;
	}

}
