package io.polycache.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key's {@code hashCode} and {@code equals} are the application's code, so {@link LocalStore}
 * calls them only outside its eviction lock: every map operation, including taking an
 * evicted, expired, removed or cleared entry out of the map, runs before the lock or after
 * it is released, never while other writers wait for it.
 */
class LocalStoreKeyCallsTests {

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void keysAreHashedAndComparedOnlyOutsideTheLock(EvictionPolicy policy) {
		AtomicReference<@Nullable LocalStore<Object>> holder = new AtomicReference<>();
		AtomicReference<String> operation = new AtomicReference<>("");
		List<String> underLock = new CopyOnWriteArrayList<>();
		AtomicLong calls = new AtomicLong();
		KeyCalls watch = (call, key) -> {
			calls.incrementAndGet();
			LocalStore<Object> store = holder.get();
			if (store != null && store.evictionLock().isHeldByCurrentThread()) {
				underLock.add(call + " of " + key + " in " + operation.get());
			}
		};
		AtomicLong now = new AtomicLong();
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 3, policy, now::get, new StatsCounter(),
				new SplittableRandom(5), 16);
		holder.set(store);
		// Each call a new key instance, so that the map compares keys, not only references.
		Function<String, Key> key = (name) -> new Key(name, watch);
		operation.set("put into room");
		store.put(key.apply("a"), "1", Duration.ofSeconds(10));
		store.put(key.apply("b"), "2", Duration.ZERO);
		store.put(key.apply("c"), "3", Duration.ofSeconds(20));
		operation.set("reads");
		store.get(key.apply("a"));
		store.contains(key.apply("b"));
		store.timeToLive(key.apply("c"));
		operation.set("overwrites");
		store.put(key.apply("b"), "2'", Duration.ZERO);
		store.put(key.apply("a"), "1'", Duration.ofSeconds(5));
		store.putIfAbsent(key.apply("a"), "x", Duration.ZERO);
		store.touch(key.apply("c"), Duration.ofSeconds(30));
		operation.set("an insert that evicts");
		store.put(key.apply("d"), "4", Duration.ZERO);
		operation.set("putAll that evicts");
		store.putAll(Map.of(key.apply("e"), "5", key.apply("f"), "6"), Duration.ofSeconds(10));
		operation.set("resize that evicts");
		store.resize(2);
		store.resize(3);
		operation.set("an insert that purges");
		store.put(key.apply("g"), "7", Duration.ofSeconds(10));
		now.set(60_000);
		store.put(key.apply("h"), "8", Duration.ZERO);
		operation.set("expired entries purged or found");
		store.put(key.apply("i"), "9", Duration.ofMillis(1));
		store.put(key.apply("j"), "10", Duration.ofMillis(1));
		now.set(120_000);
		store.get(key.apply("i"));
		store.put(key.apply("j"), "10'", Duration.ZERO);
		store.removeExpired();
		store.size();
		operation.set("remove");
		store.remove(key.apply("h"));
		operation.set("clear");
		store.clear();

		assertThat(calls.get()).as("hashCode and equals calls watched").isPositive();
		assertThat(underLock).as("hashCode or equals under the eviction lock").isEmpty();
		store.checkInvariants();
	}

	/** What a {@link Key} tells about each call of its {@code hashCode} or {@code equals}. */
	@FunctionalInterface
	interface KeyCalls {

		void called(String call, Key key);

	}

	/** A key that reports every call of its {@code hashCode} and {@code equals}. */
	record Key(String name, KeyCalls watch) {

		@Override
		public int hashCode() {
			this.watch.called("hashCode", this);
			return this.name.hashCode();
		}

		@Override
		public boolean equals(@Nullable Object other) {
			this.watch.called("equals", this);
			return other instanceof Key key && Objects.equals(this.name, key.name);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
