package io.polycache.testfixtures;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.LongFunction;

import io.polycache.core.EvictionPolicy;
import io.polycache.spi.CacheStore;
import io.polycache.spi.ResizableStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store beside the {@link ReferencePolicyModel} on a random sequence of puts, reads,
 * removals and changes of the bound, single-threaded: after every step the store holds
 * exactly the model's live keys (for a random policy, the victims it chose are taken as
 * the model's), so a lower bound evicts the policy's victims and nothing else.
 */
public final class ResizeModelCheck {

	private ResizeModelCheck() {
	}

	/**
	 * Runs the sequence on a store created with {@code initialBound} and {@code policy}.
	 * @param keyOf the store's key for the model's key number
	 * @param valueOf what the store holds for a value number
	 * @return how many evictions the model made, for the caller to compare with the store's
	 */
	public static <K, V, S extends CacheStore<K, V> & ResizableStore> long run(S store, LongFunction<K> keyOf,
			LongFunction<V> valueOf, EvictionPolicy policy, long initialBound, long[] bounds, int keys, int steps,
			MutableClock clock) {
		ReferencePolicyModel model = new ReferencePolicyModel(policy, initialBound);
		SplittableRandom random = new SplittableRandom(policy.ordinal());
		for (int step = 1; step <= steps; step++) {
			clock.advanceMillis(1);
			long now = clock.millis();
			long key = random.nextInt(keys);
			int operation = random.nextInt(20);
			if (operation < 9) {
				store.put(keyOf.apply(key), valueOf.apply(step), Duration.ZERO);
				model.put(key, step, ReferencePolicyModel.NEVER, now);
			}
			else if (operation < 17) {
				assertThat(store.get(keyOf.apply(key)) != null).as("step %d: hit on %d", step, key)
					.isEqualTo(model.get(key, now) != null);
			}
			else if (operation < 19) {
				store.remove(keyOf.apply(key));
				model.remove(key, now);
			}
			else {
				long bound = bounds[random.nextInt(bounds.length)];
				store.resize(bound);
				model.resize(bound, now);
				assertThat(store.maxEntries()).isEqualTo(bound);
			}
			Set<Long> present = new TreeSet<>();
			for (long candidate = 0; candidate < keys; candidate++) {
				if (store.contains(keyOf.apply(candidate))) {
					present.add(candidate);
				}
			}
			model.resolveEvictions(present, now);
			assertThat(present).as("step %d, %s", step, policy).isEqualTo(model.liveKeys(now));
			assertThat(store.size()).isEqualTo(OptionalLong.of(present.size()));
		}
		return model.evictions();
	}

}
