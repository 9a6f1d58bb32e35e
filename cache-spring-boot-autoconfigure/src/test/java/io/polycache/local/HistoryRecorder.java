package io.polycache.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.polycache.local.LinearizabilityChecker.Kind;
import io.polycache.local.LinearizabilityChecker.Operation;

/**
 * Records short concurrent histories of {@link LocalStore} calls for
 * {@link LinearizabilityChecker}: each history runs on threads that stay alive between
 * histories and start on a shared generation counter, spinning rather than parking so they
 * start within a few hundred nanoseconds of each other and their operations overlap.
 * A {@link Kind#TICK} moves {@link #clock()}, the time a store built on {@link #ticker()}
 * reads, to its argument if that is later. The ticker may also tick by itself while a
 * history runs, just after a read ({@link #HistoryRecorder(int, int, int)}): the operation
 * that read goes on with the time before, while the others already read the time after.
 */
final class HistoryRecorder {

	/** What one call of a history does; {@code ttl} in milliseconds, 0 for none. */
	record Call(Kind kind, int key, long argument, long ttl) {
	}

	/** Chooses the calls of a history. */
	@FunctionalInterface
	interface Planner {

		Call plan(SplittableRandom random, int thread, int index);

	}

	private final int threadCount;

	private final int callsPerThread;

	private final AtomicLong tickets = new AtomicLong();

	private final AtomicLong clock = new AtomicLong();

	private final AtomicInteger generation = new AtomicInteger();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger ready = new AtomicInteger();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean stopped;

	private volatile @Nullable LocalStore<Object> store;

	private final Call[][] calls;

	private final List<List<Operation>> recorded = new ArrayList<>();

	/** One read of the ticker in this many ticks after it, while a history runs; 0 for never. */
	private final int readsPerTick;

	/** Ticks the ticker may still make by itself in this history. */
	private final AtomicInteger readTicksLeft = new AtomicInteger();

	private final ConcurrentLinkedQueue<Operation> readTicks = new ConcurrentLinkedQueue<>();

	HistoryRecorder(int threadCount, int callsPerThread) {
		this(threadCount, callsPerThread, 0);
	}

	/**
	 * @param readsPerTick one read of {@link #ticker()} in this many moves the clock 1 to 4 ms
	 * forward just after it was read, at most twice a history; 0 for never
	 */
	HistoryRecorder(int threadCount, int callsPerThread, int readsPerTick) {
		this.readsPerTick = readsPerTick;
		this.threadCount = threadCount;
		this.callsPerThread = callsPerThread;
		this.calls = new Call[threadCount][callsPerThread];
		for (int t = 0; t < threadCount; t++) {
			int thread = t;
			this.recorded.add(new ArrayList<>());
			Thread worker = new Thread(() -> work(thread), "linearizability-" + t);
			worker.setDaemon(true);
			this.threads.add(worker);
			worker.start();
		}
	}

	/** The clock's time now. */
	AtomicLong clock() {
		return this.clock;
	}

	/** The ticker of {@link #clock()}, for the stores under test. */
	Ticker ticker() {
		return this::read;
	}

	private long read() {
		long now = this.clock.get();
		if (this.readsPerTick > 0 && ThreadLocalRandom.current().nextInt(this.readsPerTick) == 0
				&& this.readTicksLeft.getAndDecrement() > 0) {
			long invoked = this.tickets.incrementAndGet();
			long time = now + 1 + ThreadLocalRandom.current().nextInt(4);
			this.clock.accumulateAndGet(time, Math::max);
			this.readTicks.add(new Operation(-1, Kind.TICK, 0, time, 0, null, invoked, this.tickets.incrementAndGet()));
		}
		return now;
	}

	/** Runs one history's calls, as {@code planner} chooses them, on all threads at once. */
	List<Operation> record(LocalStore<Object> store, SplittableRandom random, Planner planner) {
		for (int t = 0; t < this.threadCount; t++) {
			this.recorded.get(t).clear();
			for (int i = 0; i < this.callsPerThread; i++) {
				this.calls[t][i] = planner.plan(random, t, i);
			}
		}
		this.store = store;
		this.readTicks.clear();
		this.readTicksLeft.set(2);
		this.ready.set(0);
		this.running.set(this.threadCount);
		this.generation.incrementAndGet();
		while (this.running.get() > 0) {
			Thread.yield();
		}
		this.readTicksLeft.set(0);
		List<Operation> history = new ArrayList<>();
		this.recorded.forEach(history::addAll);
		history.addAll(this.readTicks);
		return history;
	}

	private void work(int thread) {
		int seen = 0;
		while (!this.stopped) {
			if (this.generation.get() == seen) {
				Thread.yield();
				continue;
			}
			seen = this.generation.get();
			LocalStore<Object> store = this.store;
			awaitOthers();
			SplittableRandom jitter = new SplittableRandom(seen * 31L + thread);
			for (int i = 0; i < this.callsPerThread; i++) {
				// A few hundred nanoseconds at most, so the threads' operations interleave differently.
				for (int spin = jitter.nextInt(40); spin > 0; spin--) {
					Thread.onSpinWait();
				}
				this.recorded.get(thread).add(call(store, thread, this.calls[thread][i]));
			}
			this.running.decrementAndGet();
		}
	}

	/** A spinning barrier: threads that pass it are all running at that moment. */
	private void awaitOthers() {
		this.ready.incrementAndGet();
		for (int spin = 0; this.ready.get() < this.threadCount; spin++) {
			if (spin < 20_000) {
				Thread.onSpinWait();
			}
			else {
				Thread.yield();
			}
		}
	}

	/** Makes one call and records it, between two tickets. */
	Operation call(LocalStore<Object> store, int thread, Call call) {
		Long key = (long) call.key();
		Duration ttl = Duration.ofMillis(call.ttl());
		long invoked = this.tickets.incrementAndGet();
		Object result = switch (call.kind()) {
			case GET -> store.get(key);
			case PUT -> {
				store.put(key, call.argument(), ttl);
				yield null;
			}
			case PUT_IF_ABSENT -> store.putIfAbsent(key, call.argument(), ttl);
			case REMOVE -> store.remove(key);
			case INCREMENT -> store.increment(key, call.argument(), ttl);
			case TICK -> {
				this.clock.accumulateAndGet(call.argument(), Math::max);
				yield null;
			}
		};
		long returned = this.tickets.incrementAndGet();
		return new Operation(thread, call.kind(), call.key(), call.argument(), call.ttl(), result, invoked, returned);
	}

	/**
	 * Whether some operation was called while another thread's was running (a tick the
	 * ticker made by itself, inside an operation, does not count).
	 */
	static boolean hasOverlap(List<Operation> operations) {
		for (Operation a : operations) {
			for (Operation b : operations) {
				if (a != b && a.thread() >= 0 && b.thread() >= 0 && a.invoked() < b.invoked()
						&& b.invoked() < a.returned()) {
					return true;
				}
			}
		}
		return false;
	}

	void stop() throws InterruptedException {
		this.stopped = true;
		for (Thread thread : this.threads) {
			thread.join(5_000);
		}
	}

}
