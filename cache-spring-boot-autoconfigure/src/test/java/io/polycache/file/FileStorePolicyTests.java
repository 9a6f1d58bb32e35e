package io.polycache.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.MutableClock;
import io.polycache.core.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file store beside a plain model of each policy, on random sequences of puts, reads
 * and removals, with the store closed and reopened every 40 operations: the victim is the
 * model's across restarts, so the policy metadata in the file headers carries it.
 */
class FileStorePolicyTests {

	private static final int MAX_ENTRIES = 5;

	@TempDir
	Path root;

	private final MutableClock clock = new MutableClock();

	@ParameterizedTest
	@EnumSource(EvictionPolicy.class)
	void agreesWithModelAcrossRestarts(EvictionPolicy policy) throws IOException {
		CacheSettings settings = CacheSettings.builder("policy").maxEntries(MAX_ENTRIES).eviction(policy).build();
		SplittableRandom random = new SplittableRandom(policy.ordinal());
		Model model = new Model(policy);
		FileStore store = open(settings);
		try {
			for (int step = 1; step <= 400; step++) {
				this.clock.advanceMillis(1);
				String key = "k" + random.nextInt(9);
				int operation = random.nextInt(10);
				if (operation < 5) {
					store.put(key, key.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
					model.put(key, step);
				}
				else if (operation < 9) {
					boolean hit = store.get(key) != null;
					assertThat(hit).as("step %d: hit on %s", step, key).isEqualTo(model.read(key, step));
				}
				else {
					store.remove(key);
					model.remove(key);
				}
				Set<String> present = present(store);
				if (policy == EvictionPolicy.RANDOM) {
					model.keepOnly(present);
				}
				assertThat(present).as("step %d, %s", step, policy).isEqualTo(model.keys());
				assertThat(store.size()).hasValue(present.size());
				if (step % 40 == 0) {
					store.close();
					store = open(settings);
				}
			}
		}
		finally {
			store.close();
		}
	}

	private FileStore open(CacheSettings settings) throws IOException {
		return new FileStore(this.root, settings, this.clock, new StatsCounter(), new SplittableRandom(7), Runnable::run,
				Duration.ZERO);
	}

	private static Set<String> present(FileStore store) {
		Set<String> present = new HashSet<>();
		for (int i = 0; i < 9; i++) {
			if (store.contains("k" + i)) {
				present.add("k" + i);
			}
		}
		return present;
	}

	/** Entries in a list; the victim found by scanning it with the policy's rule. */
	private static final class Model {

		private final List<Entry> entries = new ArrayList<>();

		private final EvictionPolicy policy;

		Model(EvictionPolicy policy) {
			this.policy = policy;
		}

		void put(String key, long tick) {
			Entry entry = find(key);
			if (entry != null) {
				entry.used = tick;
				entry.uses++;
				return;
			}
			if (this.entries.size() >= MAX_ENTRIES && this.policy != EvictionPolicy.RANDOM) {
				this.entries.remove(victim());
			}
			this.entries.add(new Entry(key, tick));
		}

		boolean read(String key, long tick) {
			Entry entry = find(key);
			if (entry != null) {
				entry.used = tick;
				entry.uses++;
			}
			return entry != null;
		}

		void remove(String key) {
			this.entries.removeIf(entry -> entry.key.equals(key));
		}

		/** RANDOM cannot be predicted: the model follows the store's choice of victim. */
		void keepOnly(Set<String> present) {
			this.entries.removeIf(entry -> !present.contains(entry.key));
		}

		Set<String> keys() {
			Set<String> keys = new HashSet<>();
			this.entries.forEach(entry -> keys.add(entry.key));
			return keys;
		}

		private Entry victim() {
			Comparator<Entry> order = switch (this.policy) {
				case FIFO -> Comparator.comparingLong(entry -> entry.inserted);
				case LIFO -> Comparator.<Entry>comparingLong(entry -> entry.inserted).reversed();
				case LRU -> Comparator.comparingLong(entry -> entry.used);
				case MRU -> Comparator.<Entry>comparingLong(entry -> entry.used).reversed();
				case LFU -> Comparator.<Entry>comparingLong(entry -> entry.uses).thenComparingLong(entry -> entry.used);
				case RANDOM -> throw new IllegalStateException("unpredictable");
			};
			return this.entries.stream().min(order).orElseThrow();
		}

		private Entry find(String key) {
			return this.entries.stream().filter(entry -> entry.key.equals(key)).findFirst().orElse(null);
		}

		private static final class Entry {

			final String key;

			final long inserted;

			long used;

			long uses = 1;

			Entry(String key, long tick) {
				this.key = key;
				this.inserted = tick;
				this.used = tick;
			}

		}

	}

}
