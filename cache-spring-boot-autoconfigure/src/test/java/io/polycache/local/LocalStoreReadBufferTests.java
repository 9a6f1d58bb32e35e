package io.polycache.local;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads recorded in the {@link ReadBuffer}, many more than a stripe holds, are all applied,
 * in order, before the next eviction decision.
 */
class LocalStoreReadBufferTests {

	private static LocalStore<Object> store(EvictionPolicy policy, long maxEntries, int stripeCapacity) {
		return new LocalStore<>(Counters.OBJECTS, maxEntries, policy, Clock.systemUTC(), new StatsCounter(), new SplittableRandom(1),
				stripeCapacity);
	}

	/** A store bounded to three entries, holding a, b and c, inserted in that order. */
	private static LocalStore<Object> fullStoreOfAbc(EvictionPolicy policy, int stripeCapacity) {
		LocalStore<Object> store = store(policy, 3, stripeCapacity);
		store.put("a", 1L, Duration.ZERO);
		store.put("b", 2L, Duration.ZERO);
		store.put("c", 3L, Duration.ZERO);
		return store;
	}

	@ParameterizedTest(name = "stripe capacity {0}")
	@ValueSource(ints = { 1, 2, 64 })
	void lruSeesEveryReadBeforeEvicting(int stripeCapacity) {
		LocalStore<Object> store = fullStoreOfAbc(EvictionPolicy.LRU, stripeCapacity);
		for (int i = 0; i < 1000; i++) {
			store.get((i % 2 == 0) ? "b" : "a");
		}
		store.get("c");
		store.get("a");
		store.put("d", 4L, Duration.ZERO);
		assertThat(store.contains("b")).as("least recently used").isFalse();
		assertThat(store.contains("a")).isTrue();
		assertThat(store.contains("c")).isTrue();
	}

	@ParameterizedTest(name = "stripe capacity {0}")
	@ValueSource(ints = { 1, 2, 64 })
	void lfuCountsEveryRead(int stripeCapacity) {
		LocalStore<Object> store = fullStoreOfAbc(EvictionPolicy.LFU, stripeCapacity);
		for (int i = 0; i < 500; i++) {
			store.get("a");
			store.get("b");
		}
		// One read more for b than for a, at the very end: a is now the less used of the two.
		store.get("b");
		for (int i = 0; i < 501; i++) {
			store.get("c");
		}
		store.put("d", 4L, Duration.ZERO);
		assertThat(store.contains("a")).as("least frequently used").isFalse();
		assertThat(store.contains("b")).isTrue();
		assertThat(store.contains("c")).isTrue();
	}

	@Test
	void fullStripesUnderContentionLoseNoRead() throws Exception {
		// Two readers on one-slot stripes while a third thread keeps taking the lock: every
		// read either lands in the buffer or is applied by its reader, so LFU counts them all.
		LocalStore<Object> store = store(EvictionPolicy.LFU, 2, 1);
		store.put("hot", 0L, Duration.ZERO);
		store.put("rival", 0L, Duration.ZERO);
		int readsPerThread = 20_000;
		ExecutorService executor = Executors.newFixedThreadPool(3);
		try {
			CountDownLatch start = new CountDownLatch(1);
			Future<?> first = executor.submit(() -> readRepeatedly(store, start, "hot", readsPerThread));
			Future<?> second = executor.submit(() -> readRepeatedly(store, start, "hot", readsPerThread));
			Future<?> locker = executor.submit(() -> {
				start.await();
				for (int i = 0; i < 5_000; i++) {
					store.remove("absent");
				}
				return null;
			});
			start.countDown();
			first.get(30, TimeUnit.SECONDS);
			second.get(30, TimeUnit.SECONDS);
			locker.get(30, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
		// hot has 1 + 2R uses if none was lost; rival gets 2R, and is the more recently used,
		// so it survives a tie: the rival is evicted only if hot kept every read.
		readRepeatedly(store, new CountDownLatch(0), "rival", 2 * readsPerThread - 1);
		store.put("new", 0L, Duration.ZERO);
		assertThat(store.contains("hot")).isTrue();
		assertThat(store.contains("rival")).isFalse();
		store.checkInvariants();
	}

	@Test
	void aLostRaceForASlotDoesNotReorderAThreadsUses() {
		// The thread loses its first race for a slot to another reader, then records again.
		Node rival = new Node(1, 1L);
		ReadBuffer buffer = new ReadBuffer(64) {

			private boolean raced;

			@Override
			boolean tryClaim(Stripe stripe, long tail) {
				if (!this.raced) {
					this.raced = true;
					fillClaimed(claimForTest(), rival);
					return false;
				}
				return super.tryClaim(stripe, tail);
			}

		};
		OrderCheckingPolicy policy = new OrderCheckingPolicy(2);
		buffer.offer(new Node(0, 1L));
		buffer.offer(new Node(0, 2L));
		buffer.drainTo(policy, true);
		assertThat(policy.outOfOrder).isEmpty();
		assertThat(policy.applied).containsExactly(2, 1);
	}

	@Test
	void eachThreadsUsesAreAppliedInItsOrderAndNoneIsLost() throws Exception {
		// More threads than stripes, so threads share stripes and race for slots; two-slot
		// rings, so they are often full and overflow; a writer keeps draining for decisions.
		int threads = 24;
		int usesPerThread = 20_000;
		ReadBuffer buffer = new ReadBuffer(2);
		ReentrantLock lock = new ReentrantLock();
		OrderCheckingPolicy policy = new OrderCheckingPolicy(threads);
		AtomicBoolean recording = new AtomicBoolean(true);
		ExecutorService executor = Executors.newFixedThreadPool(threads + 1);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> recorders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				recorders.add(executor.submit(() -> {
					start.await();
					for (long sequence = 1; sequence <= usesPerThread; sequence++) {
						record(buffer, lock, policy, new Node(thread, sequence));
					}
					return null;
				}));
			}
			Future<?> writer = executor.submit(() -> {
				start.await();
				while (recording.get()) {
					lock.lock();
					try {
						buffer.drainTo(policy, true);
					}
					finally {
						lock.unlock();
					}
					Thread.yield();
				}
				return null;
			});
			start.countDown();
			for (Future<?> recorder : recorders) {
				recorder.get(60, TimeUnit.SECONDS);
			}
			recording.set(false);
			writer.get(10, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
		lock.lock();
		try {
			buffer.drainTo(policy, true);
		}
		finally {
			lock.unlock();
		}
		assertThat(policy.outOfOrder).as("uses applied out of their thread's order").isEmpty();
		for (int t = 0; t < threads; t++) {
			assertThat(policy.applied[t]).as("uses of thread %d applied", t).isEqualTo(usesPerThread);
		}
	}

	/** What {@code LocalStore} does with a use: record it, help drain only with tryLock, overflow if full. */
	private static void record(ReadBuffer buffer, ReentrantLock lock, Policy policy, Node node) {
		int recorded = buffer.offer(node);
		if (recorded == ReadBuffer.RECORDED) {
			return;
		}
		if (lock.tryLock()) {
			try {
				buffer.drainTo(policy, false);
			}
			finally {
				lock.unlock();
			}
		}
		if (recorded == ReadBuffer.FULL && buffer.offer(node) == ReadBuffer.FULL) {
			buffer.overflow(node);
		}
	}

	/** Checks that each thread's uses (key: thread, value: sequence) arrive in sequence. Called under the lock. */
	private static final class OrderCheckingPolicy extends ReadOnlyTestPolicy {

		final long[] applied;

		final List<String> outOfOrder = new ArrayList<>();

		OrderCheckingPolicy(int threads) {
			this.applied = new long[threads];
		}

		@Override
		void onRead(Node node) {
			int thread = (Integer) node.key;
			long sequence = (Long) node.value;
			if (sequence != this.applied[thread] + 1 && this.outOfOrder.size() < 10) {
				this.outOfOrder.add("thread " + thread + ": use " + sequence + " after " + this.applied[thread]);
			}
			this.applied[thread]++;
		}

	}

	private static Void readRepeatedly(LocalStore<Object> store, CountDownLatch start, String key, int reads)
			throws InterruptedException {
		start.await();
		for (int i = 0; i < reads; i++) {
			store.get(key);
		}
		return null;
	}

}
