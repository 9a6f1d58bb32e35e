package io.polycache.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.core.RemovalCause;
import io.polycache.internal.StatsCounter;
import io.polycache.testsupport.HookedStoreEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Inserts that find the eviction lock busy are combined: each leaves its node for the
 * holder, which applies every waiting insert before it unlocks. The first two tests are
 * deterministic: a {@code remove} holds the lock (inside its report of the removal) until
 * the inserts wait, so its unlock must apply them. The last proves the combining safe
 * under contention, checking the store's invariants afterwards.
 */
class LocalStoreCombiningTests {

	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void theHolderOfTheLockAppliesTheWaitingInsertsBeforeItUnlocks(EvictionPolicy policy) throws Exception {
		AtomicReference<@Nullable LocalStore<Object>> holder = new AtomicReference<>();
		List<Thread> inserters = new ArrayList<>();
		ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
		HookedStoreEvents events = new HookedStoreEvents((cause, key, value) -> {
			if (cause != RemovalCause.EXPLICIT) {
				return;
			}
			// The remove holds the lock: two inserts, the second of which evicts, wait for it.
			LocalStore<Object> store = holder.get();
			for (String key2 : List.of("a", "b")) {
				inserters.add(startWaitingPut(store, key2, key2 + "1", Duration.ofSeconds(60), failures::add));
			}
			assertThat(store.waitingInserts()).as("inserts waiting for the holder").isEqualTo(2);
		});
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 3, policy, () -> 0L, events,
				new SplittableRandom(5), 16);
		holder.set(store);
		store.put("p", "p1", Duration.ZERO);
		store.put("q", "q1", Duration.ofSeconds(60));
		store.put("x", "x1", Duration.ZERO);

		assertThat(store.remove("x")).isTrue();

		assertThat(store.waitingInserts()).as("inserts still waiting after the holder unlocked").isZero();
		assertThat(store.combinedInserts()).as("inserts the holder applied").isEqualTo(2);
		for (Thread inserter : inserters) {
			inserter.join(10_000);
			assertThat(inserter.isAlive()).isFalse();
		}
		assertThat(failures).isEmpty();
		// Applied in the order they came: "a" filled the store, "b" evicted the policy's victim.
		assertThat(store.get("b")).isEqualTo("b1");
		assertThat(store.size().orElseThrow()).isEqualTo(3);
		String expectedVictim = switch (policy) {
			case LIFO, MRU -> "a";
			case FIFO, LRU, LFU -> "p";
			case RANDOM -> null;
		};
		List<String> evicted = List.of("p", "q", "a").stream().filter((key) -> store.get(key) == null).toList();
		assertThat(evicted).as("evicted").hasSize(1);
		if (expectedVictim != null) {
			assertThat(evicted).containsExactly(expectedVictim);
		}
		store.checkInvariants();
	}

	/**
	 * A read that returned before a combined insert began counts in that insert's eviction
	 * decision, though the holder drained the read buffer before it: the holder drains again
	 * before applying the waiting inserts. Without that drain, LRU and LFU evict "p".
	 */
	@ParameterizedTest(name = "{0}")
	@EnumSource(value = EvictionPolicy.class, names = { "LRU", "LFU" })
	void aCombinedEvictionCountsEveryReadThatReturnedBeforeItsInsertBegan(EvictionPolicy policy) throws Exception {
		AtomicReference<@Nullable LocalStore<Object>> holder = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		HookedStoreEvents events = new HookedStoreEvents((cause, key, value) -> {
			if (cause != RemovalCause.EXPLICIT) {
				return;
			}
			// The remove holds the lock and has drained the reads; "p" is read now...
			LocalStore<Object> store = holder.get();
			Thread reader = new Thread(() -> store.get("p"));
			threads.add(reader);
			reader.start();
			join(reader);
			// ...and then "a" and "b" are inserted, "b" evicting.
			for (String key2 : List.of("a", "b")) {
				threads.add(startWaitingPut(store, key2, key2 + "1", Duration.ZERO, null));
			}
		});
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 3, policy, () -> 0L, events,
				new SplittableRandom(5), 16);
		holder.set(store);
		store.put("x", "x1", Duration.ZERO);
		store.put("p", "p1", Duration.ZERO);
		store.put("q", "q1", Duration.ZERO);

		assertThat(store.remove("x")).isTrue();

		threads.forEach(LocalStoreCombiningTests::join);
		assertThat(store.combinedInserts()).isEqualTo(2);
		assertThat(store.get("q")).as("q, the victim once p's read counts").isNull();
		assertThat(store.get("p")).isEqualTo("p1");
		store.checkInvariants();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(value = EvictionPolicy.class, names = { "LRU", "RANDOM" })
	void aCombinedInsertThatFailsFailsInItsOwnThreadNotTheHolders(EvictionPolicy policy) throws Exception {
		AtomicReference<@Nullable LocalStore<Object>> holder = new AtomicReference<>();
		AtomicReference<@Nullable Throwable> inserterFailure = new AtomicReference<>();
		AtomicReference<@Nullable Thread> inserter = new AtomicReference<>();
		HookedStoreEvents events = new HookedStoreEvents((cause, key, value) -> {
			if (cause != RemovalCause.EXPLICIT) {
				return;
			}
			inserter.set(startWaitingPut(holder.get(), "boom", "1", Duration.ZERO, inserterFailure::set));
		});
		Policy failing = new DelegatingTestPolicy(Policy.create(policy, new SplittableRandom(5))) {

			@Override
			void onInsert(Node node) {
				if (node.key.equals("boom")) {
					throw new IllegalStateException("no room for boom");
				}
				super.onInsert(node);
			}

		};
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 3, policy, () -> 0L, events, failing,
				new ReadBuffer(16));
		holder.set(store);
		store.put("x", "x1", Duration.ZERO);

		assertThat(store.remove("x")).as("the holder's own call returns as if alone").isTrue();

		inserter.get().join(10_000);
		assertThat(store.combinedInserts()).isOne();
		assertThat(inserterFailure.get()).as("the failure, in the inserting thread")
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("no room for boom");
		assertThat(store.get("boom")).as("an insert the policy refused never became visible").isNull();
		store.checkInvariants();
	}

	/**
	 * Four threads insert their own keys into a small store, with and without a TTL, while
	 * two read; the policy yields the processor inside one insert in four, so inserts often
	 * find the lock busy. Afterwards each key is present with the value last written to it
	 * or was evicted once, and the size, the evictions and the policy agree.
	 */
	@ParameterizedTest(name = "{0}")
	@EnumSource(EvictionPolicy.class)
	void combinedInsertsUnderContentionKeepEveryInvariant(EvictionPolicy policy) throws Exception {
		int writers = 4;
		int keysPerWriter = 3_000;
		int bound = 64;
		AtomicInteger inserts = new AtomicInteger();
		Policy yielding = new DelegatingTestPolicy(Policy.create(policy, new SplittableRandom(7))) {

			@Override
			void onInsert(Node node) {
				yieldSometimes();
				super.onInsert(node);
			}

			@Override
			void replace(Node victim, Node node) {
				yieldSometimes();
				super.replace(victim, node);
			}

			private void yieldSometimes() {
				if ((inserts.incrementAndGet() & 3) == 0) {
					Thread.yield();
				}
			}

		};
		StatsCounter stats = new StatsCounter();
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, bound, policy, Ticker.MONOTONIC, stats, yielding,
				new ReadBuffer(16));
		Set<String> readWrong = ConcurrentHashMap.newKeySet();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
		for (int w = 0; w < writers; w++) {
			int writer = w;
			threads.add(new Thread(() -> {
				await(start);
				for (int i = 0; i < keysPerWriter; i++) {
					String key = writer + ":" + i;
					store.put(key, key, (i % 2 == 0) ? Duration.ZERO : Duration.ofMinutes(10));
				}
			}));
		}
		for (int r = 0; r < 2; r++) {
			int reader = r;
			threads.add(new Thread(() -> {
				await(start);
				SplittableRandom random = new SplittableRandom(reader);
				for (int i = 0; i < writers * keysPerWriter; i++) {
					String key = random.nextInt(writers) + ":" + random.nextInt(keysPerWriter);
					Object value = store.get(key);
					if (value != null && !value.equals(key)) {
						readWrong.add(key + " read " + value);
					}
				}
			}));
		}
		for (Thread thread : threads) {
			thread.setUncaughtExceptionHandler((t, ex) -> failures.add(ex));
			thread.start();
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join(60_000);
			assertThat(thread.isAlive()).as("%s finished", thread).isFalse();
		}

		assertThat(failures).isEmpty();
		assertThat(readWrong).isEmpty();
		assertThat(store.waitingInserts()).isZero();
		assertThat(store.combinedInserts()).as("inserts applied by another thread's hold of the lock").isPositive();
		store.checkInvariants();
		long size = store.size().orElseThrow();
		assertThat(size).isEqualTo(bound);
		assertThat(stats.snapshot().evictions()).as("evictions").isEqualTo((long) writers * keysPerWriter - bound);
		long present = 0;
		for (int w = 0; w < writers; w++) {
			for (int i = 0; i < keysPerWriter; i++) {
				String key = w + ":" + i;
				Object value = store.get(key);
				if (value != null) {
					assertThat(value).isEqualTo(key);
					present++;
				}
			}
		}
		assertThat(present).as("keys present").isEqualTo(size);
	}

	/**
	 * A combined insert's thread returns only once the holder applied its insert: while the
	 * holder applies it, the thread still waits (it parks, having yielded in vain). Kills
	 * setting {@code applied} before the insert is applied whenever the holder applies it
	 * while the waiter still yields, which is how the test usually runs.
	 */
	@Test
	void aCombinedInsertReturnsOnlyOnceApplied() throws Exception {
		AtomicReference<@Nullable LocalStore<Object>> holder = new AtomicReference<>();
		AtomicReference<@Nullable Thread> inserter = new AtomicReference<>();
		AtomicReference<Thread.@Nullable State> whileApplied = new AtomicReference<>();
		HookedStoreEvents events = new HookedStoreEvents((cause, key, value) -> {
			if (cause != RemovalCause.EXPLICIT) {
				return;
			}
			inserter.set(startWaitingPut(holder.get(), "a", "a1", Duration.ZERO, null));
		});
		Policy watching = new DelegatingTestPolicy(Policy.create(EvictionPolicy.FIFO, new SplittableRandom(5))) {

			@Override
			void onInsert(Node node) {
				Thread thread = inserter.get();
				if (node.key.equals("a") && thread != null) {
					// The holder applies "a": its thread has returned, or waits for the lock.
					Thread.State state;
					while ((state = thread.getState()) != Thread.State.WAITING && state != Thread.State.TERMINATED) {
						Thread.onSpinWait();
					}
					whileApplied.set(state);
				}
				super.onInsert(node);
			}

		};
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 8, EvictionPolicy.FIFO, () -> 0L, events,
				watching, new ReadBuffer(16));
		holder.set(store);
		store.put("x", "x1", Duration.ZERO);

		assertThat(store.remove("x")).isTrue();

		join(inserter.get());
		assertThat(store.combinedInserts()).isOne();
		assertThat(whileApplied.get()).as("the inserting thread, while its insert was applied")
			.isEqualTo(Thread.State.WAITING);
		assertThat(store.get("a")).isEqualTo("a1");
	}

	/**
	 * A holder whose drain before a batch fails hands the failure to the batch's inserts,
	 * which fail in their own threads, and takes none of it: the batch is not lost with
	 * its keys left pending (before, the holder's {@code remove} threw, and the insert
	 * returned as if done while its key stayed pending, every later write to it yielding
	 * forever).
	 */
	@Test
	void aBatchWhoseDrainFailsFailsItsInsertsNotTheHolderAndLeavesTheirKeysWritable() throws Exception {
		AtomicReference<@Nullable LocalStore<Object>> holder = new AtomicReference<>();
		AtomicReference<@Nullable Throwable> inserterFailure = new AtomicReference<>();
		AtomicReference<@Nullable Thread> inserter = new AtomicReference<>();
		AtomicBoolean failRead = new AtomicBoolean();
		HookedStoreEvents events = new HookedStoreEvents((cause, key, value) -> {
			if (cause != RemovalCause.EXPLICIT) {
				return;
			}
			// The remove holds the lock and has drained: "p" is read, then "a" waits.
			LocalStore<Object> store = holder.get();
			Thread reader = new Thread(() -> store.get("p"));
			reader.start();
			join(reader);
			failRead.set(true);
			inserter.set(startWaitingPut(store, "a", "a1", Duration.ZERO, inserterFailure::set));
		});
		Policy failing = failingOnceToApplyARead(failRead);
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 3, EvictionPolicy.LRU, () -> 0L, events,
				failing, new ReadBuffer(16));
		holder.set(store);
		store.put("x", "x1", Duration.ZERO);
		store.put("p", "p1", Duration.ZERO);

		assertThat(store.remove("x")).as("the holder's own call returns as if alone").isTrue();

		join(inserter.get());
		assertThat(inserterFailure.get()).as("the failure, in the inserting thread")
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("read not applied");
		assertThat(store.get("a")).isNull();
		putInAThread(store, "a", "a2");
		assertThat(store.get("a")).isEqualTo("a2");
		store.checkInvariants();
	}

	/**
	 * An insert that fails before it publishes, having taken the lock itself, takes its
	 * pending node out of the map: the key is not left pending, with every later write to
	 * it yielding forever.
	 */
	@Test
	void anInsertThatFailsBeforePublishingLeavesItsKeyWritable() throws Exception {
		AtomicBoolean failVictim = new AtomicBoolean();
		Policy failing = new DelegatingTestPolicy(Policy.create(EvictionPolicy.FIFO, new SplittableRandom(5))) {

			@Override
			Node victim() {
				if (failVictim.compareAndSet(true, false)) {
					throw new IllegalStateException("no victim");
				}
				return super.victim();
			}

		};
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 1, EvictionPolicy.FIFO, () -> 0L,
				new StatsCounter(), failing, new ReadBuffer(16));
		store.put("p", "p1", Duration.ZERO);
		failVictim.set(true);

		assertThatIllegalStateException().isThrownBy(() -> store.put("a", "a1", Duration.ZERO))
			.withMessage("no victim");

		assertThat(store.get("a")).isNull();
		putInAThread(store, "a", "a2");
		assertThat(store.get("a")).isEqualTo("a2");
		assertThat(store.get("p")).isNull();
		store.checkInvariants();
	}

	/**
	 * A writer whose drain of the recorded reads fails, as it takes the lock, throws and
	 * releases the lock: before, the lock stayed held by its thread, and every other
	 * writer of the store waited for ever.
	 */
	@Test
	void aWriterWhoseDrainFailsReleasesTheLock() throws Exception {
		AtomicBoolean failRead = new AtomicBoolean();
		Policy failing = failingOnceToApplyARead(failRead);
		LocalStore<Object> store = new LocalStore<>(Counters.OBJECTS, 3, EvictionPolicy.LRU, () -> 0L,
				new StatsCounter(), failing, new ReadBuffer(16));
		store.put("p", "p1", Duration.ZERO);
		assertThat(store.get("p")).isEqualTo("p1");
		failRead.set(true);

		assertThatIllegalStateException().isThrownBy(() -> store.remove("p")).withMessage("read not applied");

		assertThat(store.evictionLock().isLocked()).as("the lock, after the failed drain").isFalse();
		putInAThread(store, "q", "q1");
		assertThat(store.get("q")).isEqualTo("q1");
		store.checkInvariants();
	}

	/**
	 * Starts a put in a thread of its own and returns once it waits for the lock's holder,
	 * as {@link #awaitWaiting} tells; what the put throws goes to {@code failures}, if given.
	 */
	private static Thread startWaitingPut(LocalStore<Object> store, String key, String value, Duration ttl,
			@Nullable Consumer<Throwable> failures) {
		Thread inserter = new Thread(() -> store.put(key, value, ttl));
		if (failures != null) {
			inserter.setUncaughtExceptionHandler((thread, ex) -> failures.accept(ex));
		}
		int waiting = store.waitingInserts();
		inserter.start();
		awaitWaiting(store, inserter, waiting);
		return inserter;
	}

	/**
	 * Spins until the inserter waits for the lock's holder (the waiting list grew past
	 * {@code before}), or has returned, or parks: a store that does not combine parks it in
	 * the lock, and the test then fails instead of hanging.
	 */
	private static void awaitWaiting(LocalStore<Object> store, Thread inserter, int before) {
		while (inserter.isAlive() && store.waitingInserts() == before
				&& inserter.getState() != Thread.State.WAITING) {
			Thread.onSpinWait();
		}
	}

	/** An LRU policy that throws "read not applied" for the next read applied once {@code failRead} is set. */
	private static Policy failingOnceToApplyARead(AtomicBoolean failRead) {
		return new DelegatingTestPolicy(Policy.create(EvictionPolicy.LRU, new SplittableRandom(5))) {

			@Override
			void onRead(Node node) {
				if (failRead.compareAndSet(true, false)) {
					throw new IllegalStateException("read not applied");
				}
				super.onRead(node);
			}

		};
	}

	/** Puts in a daemon thread, so that a put that never returns fails the test instead of hanging it. */
	private static void putInAThread(LocalStore<Object> store, String key, String value) {
		Thread thread = new Thread(() -> store.put(key, value, Duration.ZERO));
		thread.setDaemon(true);
		thread.start();
		join(thread);
	}

	private static void join(Thread thread) {
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		assertThat(thread.isAlive()).as("%s finished", thread).isFalse();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
