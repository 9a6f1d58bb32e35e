package io.polycache.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.file.FileStores;
import io.polycache.internal.StatsCounter;
import io.polycache.local.LocalStores;
import io.polycache.spi.CacheStore;
import io.polycache.testfixtures.MutableClock;
import io.polycache.testfixtures.ReferencePolicyModel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eviction rules are defined once: on one fixed sequence of puts, reads and an
 * overwrite into a full cache, the local-memory store, the file-system store and the
 * shared reference model evict the same entry for each policy, and the sequence tells
 * every rule apart. Changing a policy's {@link EvictionPolicy#rule() rule} (LFU's
 * tie-break, say) therefore changes all three together, or fails here.
 */
class EvictionAgreementTests {

	private static final List<String> KEYS = List.of("a", "b", "c", "d", "e", "f");

	/** Operations on a cache bounded to six entries, before "g" is put into it. */
	private static final List<String> SEQUENCE = List.of("put a", "put b", "get b", "put c", "put d", "put e",
			"put f", "get a", "get f", "put d");

	@TempDir
	Path root;

	private final MutableClock clock = new MutableClock();

	@ParameterizedTest
	@EnumSource(EvictionPolicy.class)
	void everyStoreEvictsTheRulesVictim(EvictionPolicy policy) throws IOException {
		CacheSettings settings = CacheSettings.builder("agreement").maxEntries(KEYS.size()).eviction(policy).build();
		CacheStore<Object, Object> local = LocalStores.create(settings, this.clock, new StatsCounter());
		CacheStore<String, byte[]> file = FileStores.open(this.root, settings, this.clock, new StatsCounter());
		try {
			Set<String> evictedByLocal = evicted(local);
			Set<String> evictedByFile = evicted(file);
			assertThat(evictedByLocal).as("local store, %s", policy).hasSize(1);
			assertThat(evictedByFile).as("file store, %s", policy).hasSize(1);
			if (policy.rule().ranking() != EvictionRule.Ranking.NONE) {
				Set<String> evictedByModel = evicted(policy.rule());
				assertThat(evictedByLocal).as("local store, %s", policy).isEqualTo(evictedByModel);
				assertThat(evictedByFile).as("file store, %s", policy).isEqualTo(evictedByModel);
			}
		}
		finally {
			local.close();
			file.close();
		}
	}

	@Test
	void sequenceTellsEveryRuleApart() {
		List<EvictionRule> rules = ReferencePolicyModel.everyOrderedRule();
		Set<Set<String>> victims = new HashSet<>();
		for (EvictionRule rule : rules) {
			victims.add(evicted(rule));
		}
		assertThat(victims).as("one victim per rule").hasSize(rules.size()).allSatisfy((victim) -> assertThat(victim).hasSize(1));
	}

	@Test
	void sequenceEvictsWhatDesignSays() {
		assertThat(evicted(EvictionPolicy.FIFO.rule())).containsExactly("a");
		assertThat(evicted(EvictionPolicy.LIFO.rule())).containsExactly("f");
		assertThat(evicted(EvictionPolicy.LRU.rule())).containsExactly("b");
		assertThat(evicted(EvictionPolicy.MRU.rule())).containsExactly("d");
		// c and e were used once each; c was used less recently.
		assertThat(evicted(EvictionPolicy.LFU.rule())).containsExactly("c");
	}

	/** Runs the sequence, puts "g", and returns the keys that are gone. */
	private Set<String> evicted(CacheStore<? super String, ? super byte[]> store) {
		for (String operation : SEQUENCE) {
			this.clock.advanceMillis(1);
			String key = operation.substring(4);
			if (operation.startsWith("put")) {
				store.put(key, key.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
			}
			else {
				assertThat(store.get(key)).as(operation).isNotNull();
			}
		}
		this.clock.advanceMillis(1);
		store.put("g", "g".getBytes(StandardCharsets.UTF_8), Duration.ZERO);
		assertThat(store.contains("g")).isTrue();
		Set<String> gone = new TreeSet<>();
		for (String key : KEYS) {
			if (!store.contains(key)) {
				gone.add(key);
			}
		}
		return gone;
	}

	/** The model's victim, by {@code rule}'s comparator, when "g" is put after the sequence. */
	private static Set<String> evicted(EvictionRule rule) {
		ReferencePolicyModel model = new ReferencePolicyModel(rule, KEYS.size());
		for (String operation : SEQUENCE) {
			long key = operation.charAt(4);
			if (operation.startsWith("put")) {
				model.put(key, key, ReferencePolicyModel.NEVER, 0);
			}
			else {
				assertThat(model.get(key, 0)).as(operation).isNotNull();
			}
		}
		Long victim = model.nextVictim();
		assertThat(victim).isNotNull();
		model.put('g', 'g', ReferencePolicyModel.NEVER, 0);
		assertThat(model.liveKeys(0)).hasSize(KEYS.size()).contains((long) 'g').doesNotContain(victim);
		return Set.of(String.valueOf((char) victim.longValue()));
	}

}
