package io.polycache.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.spi.StoreEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An insert into a full store evicts in one step for readers: it marks its victim evicted
 * while the new entry is still pending, publishes the entry, and only then retires the
 * victim, so a reader finds the victim until it finds the new entry, never both and never
 * neither. The store counts the eviction between the mark and the publication, and hands
 * the policy the victim's place between the publication and the retirement, both under its
 * lock; the events and the policy here look at the store from another thread at those two
 * moments (a reader never waits for the lock). Deterministic: the writer waits inside
 * each hook until the reader has looked.
 * <p>Publishing before the mark, or retiring the victim before the count, or publishing
 * after the policy's replace, fails here. Two limits: the policy's replace stands in for
 * the retirement, so moving it before the publication fails too though readers see no
 * difference (move the hook then); and a retirement moved to just before the publication,
 * after the count, opens a window no hook is in.
 */
class LocalStoreEvictionStepTests {

	private static final List<String> KEYS = List.of("a", "b", "c", "d");

	private static final String MARKED = "between the victim's mark and the publication";

	private static final String PUBLISHED = "between the publication and the victim's retirement";

	static Stream<Arguments> policiesWithAndWithoutTtl() {
		return Stream.of(EvictionPolicy.values())
			.flatMap((policy) -> Stream.of(Arguments.of(policy, Duration.ZERO),
					Arguments.of(policy, Duration.ofSeconds(60))));
	}

	@ParameterizedTest(name = "{0}, ttl {1}")
	@MethodSource("policiesWithAndWithoutTtl")
	void readersSeeTheEvictionAndTheInsertionAsOneStep(EvictionPolicy policy, Duration ttl) {
		AtomicReference<@Nullable LocalStore<Object>> holder = new AtomicReference<>();
		Map<String, @Nullable Map<String, Seen>> moments = new LinkedHashMap<>();
		StoreEvents events = new CountHook(() -> moments.put(MARKED, lookFromAnotherThread(holder.get())));
		Policy hooked = new ReplaceHookTestPolicy(Policy.create(policy, new SplittableRandom(5)),
				() -> moments.put(PUBLISHED, lookFromAnotherThread(holder.get())));
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 3, policy, () -> 0L, events, hooked,
				new ReadBuffer(16));
		holder.set(store);
		store.put("a", "1", ttl);
		store.put("b", "2", ttl);
		store.put("c", "3", ttl);
		Map<String, Seen> before = look(store);
		store.put("d", "4", ttl);
		Map<String, Seen> after = look(store);

		assertThat(moments.keySet()).as("one eviction, seen at both moments").containsExactly(MARKED, PUBLISHED);
		assertThat(moments.values()).as("the reader did not wait for the lock").doesNotContainNull();
		List<String> victims = KEYS.stream().filter((key) -> before.get(key).found() && !after.get(key).found()).toList();
		assertThat(victims).as("victims").hasSize(1);
		String victim = victims.get(0);
		Map<String, Seen> marked = moments.get(MARKED);
		assertThat(marked.get(victim)).as("the victim " + victim + " " + MARKED).isEqualTo(before.get(victim));
		assertThat(marked.get("d")).as("the new entry " + MARKED).isEqualTo(Seen.ABSENT);
		assertThat(marked).as("every key " + MARKED).isEqualTo(before);
		Map<String, Seen> published = moments.get(PUBLISHED);
		assertThat(published.get(victim)).as("the victim " + victim + " " + PUBLISHED).isEqualTo(Seen.ABSENT);
		assertThat(published.get("d")).as("the new entry " + PUBLISHED).isEqualTo(new Seen("4", true, true));
		assertThat(published).as("every key " + PUBLISHED).isEqualTo(after);
		assertThat(after.values().stream().filter(Seen::found)).as("found after").hasSize(3);
		store.checkInvariants();
	}

	/**
	 * What another thread finds for every key, while the calling thread waits; {@code null}
	 * if it did not finish, as when it waited for a lock the caller holds.
	 */
	private static @Nullable Map<String, Seen> lookFromAnotherThread(LocalStore<Object> store) {
		AtomicReference<@Nullable Map<String, Seen>> seen = new AtomicReference<>();
		Thread reader = new Thread(() -> seen.set(look(store)));
		reader.start();
		try {
			// Generous: a few reads; it times out only if a read waits for the lock.
			reader.join(30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return seen.get();
	}

	/** What {@code get}, {@code contains} and {@code timeToLive} find for every key. */
	private static Map<String, Seen> look(LocalStore<Object> store) {
		Map<String, Seen> seen = new LinkedHashMap<>();
		for (String key : KEYS) {
			seen.put(key, new Seen(store.get(key), store.contains(key), store.timeToLive(key).isPresent()));
		}
		return seen;
	}

	/** What the reads of one key returned: all three agree on whether it is there. */
	record Seen(@Nullable Object value, boolean contained, boolean hasTimeToLive) {

		static final Seen ABSENT = new Seen(null, false, false);

		boolean found() {
			return this.value != null;
		}

	}

	/**
	 * Events that run a hook where the store counts an eviction, on the evicting thread,
	 * under the store's lock. Counts nothing and reports nothing.
	 */
	private record CountHook(Runnable hook) implements StoreEvents {

		@Override
		public void recordEviction() {
			this.hook.run();
		}

		@Override
		public void recordExpirations(int count) {
		}

	}

}
