package io.polycache.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testfixtures.ResizeModelCheck;
import io.polycache.testfixtures.ResizeRace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FileStore#resize}: a lower bound evicts down to it at once, by the policy as the
 * reference model does, counted as evictions, and holds from then on; under concurrent
 * writers and readers, the count is within the bound after every change.
 */
class FileStoreResizeTests {

	@TempDir
	Path root;

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void resizingAgreesWithTheModel(EvictionPolicy policy) throws IOException {
		MutableClock clock = new MutableClock();
		StatsCounter events = new StatsCounter();
		CacheSettings settings = CacheSettings.builder("resize").maxEntries(8).eviction(policy).build();
		try (FileStore store = new FileStore(this.root, settings, clock, events, new SplittableRandom(7), Runnable::run,
				Duration.ZERO)) {
			long evictions = ResizeModelCheck.run(store, (key) -> "k" + key,
					(value) -> Long.toString(value).getBytes(StandardCharsets.UTF_8), policy, 8,
					new long[] { 3, 10, 1, 6, 0, 4 }, 12, 300, clock);
			assertThat(events.snapshot().evictions()).isEqualTo(evictions).isPositive();
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
			List<String> violations = ResizeRace.run(store, new long[] { 5, 40, 1, 20 }, 5, 4, (thread, found) -> {
				SplittableRandom random = new SplittableRandom(thread);
				for (int i = 0; i < 1_500; i++) {
					String key = "k" + random.nextInt(80);
					if (random.nextBoolean()) {
						byte[] value = store.get(key);
						if (value != null && !new String(value, StandardCharsets.UTF_8).equals(key)) {
							found.add(key + " read " + new String(value, StandardCharsets.UTF_8));
						}
					}
					else {
						store.put(key, key.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
					}
				}
			});
			assertThat(violations).isEmpty();
			assertThat(store.size().orElseThrow()).isLessThanOrEqualTo(store.maxEntries());
		}
	}

}
