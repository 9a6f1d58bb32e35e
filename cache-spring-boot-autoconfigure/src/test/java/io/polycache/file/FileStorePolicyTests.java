package io.polycache.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

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
 * The file store beside the shared {@link ReferencePolicyModel} of each policy, on random
 * sequences of puts, reads and removals, with the store closed and reopened every 40
 * operations: the victim is the model's across restarts, so the policy metadata in the
 * file headers carries it.
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
		ReferencePolicyModel model = new ReferencePolicyModel(policy, MAX_ENTRIES);
		FileStore store = open(settings);
		try {
			for (int step = 1; step <= 400; step++) {
				this.clock.advanceMillis(1);
				long now = this.clock.millis();
				int number = random.nextInt(9);
				String key = "k" + number;
				int operation = random.nextInt(10);
				if (operation < 5) {
					store.put(key, key.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
					model.put(number, step, ReferencePolicyModel.NEVER, now);
				}
				else if (operation < 9) {
					boolean hit = store.get(key) != null;
					assertThat(hit).as("step %d: hit on %s", step, key).isEqualTo(model.get(number, now) != null);
				}
				else {
					store.remove(key);
					model.remove(number, now);
				}
				Set<Long> present = present(store);
				model.resolveEvictions(present, now);
				assertThat(present).as("step %d, %s", step, policy).isEqualTo(model.liveKeys(now));
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

	private static Set<Long> present(FileStore store) {
		Set<Long> present = new TreeSet<>();
		for (long i = 0; i < 9; i++) {
			if (store.contains("k" + i)) {
				present.add(i);
			}
		}
		return present;
	}

}
