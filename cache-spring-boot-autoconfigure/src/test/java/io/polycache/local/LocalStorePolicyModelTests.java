package io.polycache.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.CacheStatistics;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testfixtures.ReferencePolicyModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Model-based tests: random operation sequences, with TTLs and a moving clock, run against
 * {@link LocalStore} and the shared {@link ReferencePolicyModel} side by side. After every operation
 * the results and the set of live keys must agree, and at the end the eviction and
 * expiration counts. A failure prints the seed and the operations that led to it.
 */
class LocalStorePolicyModelTests {

	static final int SEQUENCES = 10_000;

	private static final int KEYS = 12;

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void agreesWithReferenceModel(EvictionPolicy policy) {
		int operations = 0;
		for (int sequence = 0; sequence < SEQUENCES; sequence++) {
			operations += runSequence(policy, policy.ordinal() * 1_000_003L + sequence);
		}
		assertThat(operations).as("operations checked").isGreaterThan(SEQUENCES * 20);
	}

	private int runSequence(EvictionPolicy policy, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		long maxEntries = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(6);
		MutableClock clock = new MutableClock();
		StatsCounter stats = new StatsCounter();
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, maxEntries, policy, clock, stats, new SplittableRandom(seed ^ 0x5DEECE66DL));
		ReferencePolicyModel model = new ReferencePolicyModel(policy, maxEntries);
		List<String> log = new ArrayList<>();
		int length = 20 + random.nextInt(60);
		long nextValue = 1;
		for (int step = 0; step < length; step++) {
			clock.advanceMillis(random.nextInt(4) == 0 ? random.nextInt(12) : 0);
			long now = clock.millis();
			long key = random.nextInt(KEYS);
			long ttl = random.nextInt(3) == 0 ? 1 + random.nextInt(25) : 0;
			long expiresAt = (ttl == 0) ? ReferencePolicyModel.NEVER : now + ttl;
			int op = random.nextInt(100);
			Object expected;
			Object actual;
			String description;
			if (op < 35) {
				description = "get(" + key + ")";
				expected = model.get(key, now);
				actual = store.get(key);
			}
			else if (op < 65) {
				long value = nextValue++;
				description = "put(" + key + ", " + value + ", ttl=" + ttl + ")";
				model.put(key, value, expiresAt, now);
				store.put(key, value, Duration.ofMillis(ttl));
				expected = null;
				actual = null;
			}
			else if (op < 75) {
				long value = nextValue++;
				description = "putIfAbsent(" + key + ", " + value + ", ttl=" + ttl + ")";
				expected = model.putIfAbsent(key, value, expiresAt, now);
				actual = store.putIfAbsent(key, value, Duration.ofMillis(ttl));
			}
			else if (op < 83) {
				description = "remove(" + key + ")";
				expected = model.remove(key, now);
				actual = store.remove(key);
			}
			else if (op < 91) {
				long delta = 1 + random.nextInt(3);
				description = "increment(" + key + ", " + delta + ", ttl=" + ttl + ")";
				expected = model.increment(key, delta, expiresAt, now);
				actual = store.increment(key, delta, Duration.ofMillis(ttl));
			}
			else if (op < 95) {
				description = "contains(" + key + ")";
				expected = model.contains(key, now);
				actual = store.contains(key);
			}
			else if (op < 98) {
				description = "size()";
				expected = (long) model.size(now);
				actual = store.size().orElseThrow();
			}
			else {
				description = "removeExpired()";
				expected = model.purgeExpired(now);
				actual = store.removeExpired();
			}
			log.add("t=" + now + " " + description + " -> " + actual);
			if (!java.util.Objects.equals(expected, actual)) {
				fail(report(policy, seed, maxEntries, log, "expected " + expected + " but store returned " + actual));
			}
			Set<Long> storeKeys = liveKeys(store);
			model.resolveEvictions(storeKeys, now);
			Set<Long> modelKeys = model.liveKeys(now);
			if (!modelKeys.equals(storeKeys)) {
				fail(report(policy, seed, maxEntries, log, "live keys: model " + modelKeys + ", store " + storeKeys));
			}
		}
		store.checkInvariants();
		CacheStatistics counted = stats.snapshot();
		if (counted.evictions() != model.evictions() || counted.expirations() != model.expirations()) {
			fail(report(policy, seed, maxEntries, log, "evictions/expirations: model " + model.evictions() + "/"
					+ model.expirations() + ", store " + counted.evictions() + "/" + counted.expirations()));
		}
		return length;
	}

	private static Set<Long> liveKeys(LocalStore<Object> store) {
		Set<Long> keys = new TreeSet<>();
		for (long key = 0; key < KEYS; key++) {
			if (store.contains(key)) {
				keys.add(key);
			}
		}
		return keys;
	}

	private static String report(EvictionPolicy policy, long seed, long maxEntries, List<String> log, String problem) {
		return policy + " seed=" + seed + " maxEntries=" + maxEntries + ": " + problem + "\n  "
				+ String.join("\n  ", log);
	}

}
