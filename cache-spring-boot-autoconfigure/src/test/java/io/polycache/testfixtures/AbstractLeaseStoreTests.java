package io.polycache.testfixtures;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.polycache.spi.CacheStore;
import io.polycache.spi.LeaseStore;
import io.polycache.spi.Leases;
import io.polycache.spi.OpenedStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * The {@link LeaseStore} contract, on a real store: a free lease is taken once, a held one
 * changes or goes only from the value expected, a lease frees itself when its TTL ends,
 * racing instances never both win a lease, whatever else is found at a lease key reads as
 * no lease or as a short string (never an {@code Error}), and a store that cannot be
 * reached fails with a {@code RuntimeException} within its timeout. Each backend's test
 * extends this class and opens its stores as its provider does.
 */
public abstract class AbstractLeaseStoreTests {

	/** A TTL no test outlives. */
	protected static final Duration LONG = Duration.ofMinutes(5);

	private final List<OpenedStore<String, byte[]>> opened = new ArrayList<>();

	/**
	 * The store of the cache of that name, opened as the backend's provider opens it, so it
	 * comes with its {@link Leases}. Each call opens another instance on the same shared
	 * store, as another process would.
	 */
	protected abstract OpenedStore<String, byte[]> open(String cacheName);

	/** A TTL the test can let pass: short, but long enough to read the lease back first. */
	protected abstract Duration shortTtl();

	/**
	 * Lets {@link #shortTtl()} pass for the store: moves its clock, or waits until the lease
	 * at {@code key} is gone (within a generous bound).
	 */
	protected void passShortTtl(LeaseStore store, String key) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (store.get(key) != null && System.nanoTime() < deadline) {
			Thread.sleep(25);
		}
	}

	/** Writes {@code bytes} at the lease key as they are, as anyone with access to the store could. */
	protected abstract void plant(String leaseKey, byte[] bytes);

	/**
	 * Leases of a store that cannot be reached (its server down, its lock held elsewhere),
	 * whose calls the backend's timeouts bound.
	 */
	protected abstract LeaseStore unreachable();

	/** Whether a read of an unreachable store fails too (it may take no lock, and read nothing). */
	protected boolean readsOfAnUnreachableStoreFail() {
		return true;
	}

	@AfterEach
	void closeStores() {
		this.opened.forEach((store) -> store.store().close());
	}

	@Test
	void aFreeLeaseIsTakenOnceAndThenRefused() {
		Leases leases = leases("take");
		LeaseStore store = leases.store();
		String key = leases.keys().toStoreKey("k");

		assertThat(store.get(key)).isNull();
		assertThat(store.compareAndSet(key, null, null, LONG)).as("nothing to do on a free lease").isTrue();
		assertThat(store.compareAndSet(key, null, "token-a", LONG)).isTrue();
		assertThat(store.get(key)).isEqualTo("token-a");
		assertThat(store.compareAndSet(key, null, "token-b", LONG)).isFalse();
		assertThat(store.compareAndSet(key, null, null, LONG)).as("held, so not free").isFalse();
		assertThat(store.get(key)).isEqualTo("token-a");
		assertThat(store.get(leases.keys().toStoreKey("other"))).as("another key's lease").isNull();
	}

	@Test
	void aHeldLeaseChangesAndGoesOnlyFromTheValueExpected() {
		Leases leases = leases("compare");
		LeaseStore store = leases.store();
		String key = leases.keys().toStoreKey(List.of("compound", 7));
		assertThat(store.compareAndSet(key, "token-a", "token-b", LONG)).as("not held").isFalse();
		assertThat(store.compareAndSet(key, "token-a", null, LONG)).as("not held").isFalse();
		assertThat(store.get(key)).isNull();

		assertThat(store.compareAndSet(key, null, "token-a", LONG)).isTrue();
		assertThat(store.compareAndSet(key, "token-x", "token-b", LONG)).isFalse();
		assertThat(store.compareAndSet(key, "token-x", null, LONG)).isFalse();
		assertThat(store.get(key)).isEqualTo("token-a");

		assertThat(store.compareAndSet(key, "token-a", "failed: java.io.IOException boom", LONG)).isTrue();
		assertThat(store.get(key)).isEqualTo("failed: java.io.IOException boom");
		assertThat(store.compareAndSet(key, "token-a", null, LONG)).as("no longer the value").isFalse();
		assertThat(store.compareAndSet(key, "failed: java.io.IOException boom", null, LONG)).isTrue();
		assertThat(store.get(key)).isNull();
		assertThat(store.compareAndSet(key, null, "token-c", LONG)).as("free again").isTrue();
	}

	@Test
	void theLongestValueRoundTripsAndALongerOneIsRefused() {
		Leases leases = leases("long");
		String key = leases.keys().toStoreKey("k");
		String longest = "n".repeat(LeaseStore.MAX_VALUE_LENGTH);
		assertThat(leases.store().compareAndSet(key, null, longest, LONG)).isTrue();
		assertThat(leases.store().get(key)).isEqualTo(longest);
		assertThat(leases.store().compareAndSet(key, longest + "x", null, LONG)).isFalse();
		assertThat(leases.store().get(key)).isEqualTo(longest);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> leases.store().compareAndSet(key, longest, longest + "x", LONG));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> leases.store().compareAndSet(key, longest, "x", Duration.ZERO));
	}

	@Test
	void aLeaseFreesItselfWhenItsTtlEnds() throws InterruptedException {
		Leases leases = leases("expiry");
		LeaseStore store = leases.store();
		String key = leases.keys().toStoreKey("short");
		String kept = leases.keys().toStoreKey("long");
		assertThat(store.compareAndSet(kept, null, "kept", LONG)).isTrue();
		assertThat(store.compareAndSet(key, null, "dying", shortTtl())).isTrue();
		assertThat(store.get(key)).isEqualTo("dying");

		passShortTtl(store, key);

		assertThat(store.get(key)).isNull();
		assertThat(store.compareAndSet(key, "dying", null, LONG)).as("the dead holder's release").isFalse();
		assertThat(store.compareAndSet(key, null, "next", LONG)).as("taken over").isTrue();
		assertThat(store.get(key)).isEqualTo("next");
		assertThat(store.get(kept)).as("a lease with a longer TTL").isEqualTo("kept");
	}

	@Test
	void aReplacedLeaseLivesForItsNewTtl() throws InterruptedException {
		Leases leases = leases("renew");
		LeaseStore store = leases.store();
		String key = leases.keys().toStoreKey("k");
		assertThat(store.compareAndSet(key, null, "token", LONG)).isTrue();
		assertThat(store.compareAndSet(key, "token", "failed", shortTtl())).isTrue();

		passShortTtl(store, key);

		assertThat(store.get(key)).isNull();
	}

	@Test
	void leasesAreNotEntries() {
		OpenedStore<String, byte[]> opened = opened("entries");
		Leases leases = opened.leases();
		assertThat(leases).isNotNull();
		CacheStore<String, byte[]> entries = opened.store();
		String entryKey = opened.keys().toStoreKey("k");
		String leaseKey = leases.keys().toStoreKey("k");
		assertThat(leaseKey).isNotEqualTo(entryKey);
		byte[] value = "value".getBytes(StandardCharsets.UTF_8);
		entries.put(entryKey, value, LONG);
		OptionalLong size = entries.size();

		assertThat(leases.store().compareAndSet(leaseKey, null, "token", LONG)).isTrue();
		assertThat(leases.store().compareAndSet(leases.keys().toStoreKey("absent"), null, "token", LONG)).isTrue();

		assertThat(entries.get(entryKey)).isEqualTo(value);
		assertThat(entries.get(opened.keys().toStoreKey("absent"))).isNull();
		assertThat(entries.size()).isEqualTo(size);
		entries.clear();
		assertThat(entries.get(entryKey)).isNull();
		assertThat(leases.store().get(leaseKey)).as("clear leaves leases alone").isEqualTo("token");
		entries.put(entryKey, value, LONG);
		assertThat(leases.store().compareAndSet(leaseKey, "token", null, LONG)).isTrue();
		assertThat(entries.get(entryKey)).isEqualTo(value);
	}

	/**
	 * Eight callers on two instances race for each of many free leases: exactly one takes
	 * each, and then only the winner's release succeeds, every loser's fails.
	 */
	@Test
	void racingCallersNeverBothTakeALease() throws Exception {
		Leases first = leases("race");
		Leases second = leases("race");
		int callers = 8;
		int keys = 150;
		AtomicIntegerArray winners = new AtomicIntegerArray(keys);
		for (int i = 0; i < keys; i++) {
			winners.set(i, -1);
		}
		AtomicIntegerArray wins = new AtomicIntegerArray(keys);
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch taken = new CountDownLatch(callers);
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Future<Map<Integer, Boolean>>> releases = new ArrayList<>();
			for (int caller = 0; caller < callers; caller++) {
				int id = caller;
				Leases leases = (caller % 2 == 0) ? first : second;
				releases.add(executor.submit(() -> {
					String token = "token-" + id;
					start.await();
					for (int i = 0; i < keys; i++) {
						if (leases.store().compareAndSet(leases.keys().toStoreKey(i), null, token, LONG)) {
							wins.incrementAndGet(i);
							winners.set(i, id);
						}
					}
					taken.countDown();
					taken.await();
					Map<Integer, Boolean> released = new LinkedHashMap<>();
					for (int i = 0; i < keys; i++) {
						released.put(i, leases.store().compareAndSet(leases.keys().toStoreKey(i), token, null, LONG));
					}
					return released;
				}));
			}
			start.countDown();
			for (int caller = 0; caller < callers; caller++) {
				Map<Integer, Boolean> released = releases.get(caller).get(2, TimeUnit.MINUTES);
				for (int i = 0; i < keys; i++) {
					assertThat(released.get(i)).as("caller %d releasing key %d", caller, i)
						.isEqualTo(winners.get(i) == caller);
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
		for (int i = 0; i < keys; i++) {
			assertThat(wins.get(i)).as("winners of key %d", i).isEqualTo(1);
			assertThat(first.store().get(first.keys().toStoreKey(i))).as("key %d released", i).isNull();
		}
	}

	@Test
	void whatElseIsFoundAtALeaseKeyIsNoErrorAndCanBeTakenOver() {
		Leases leases = leases("hostile");
		Map<String, byte[]> planted = new LinkedHashMap<>();
		planted.put("binary", new byte[] { (byte) 0xFF, (byte) 0xFE, 0, 1, (byte) 0xC0, (byte) 0x80 });
		planted.put("empty", new byte[0]);
		planted.put("text too long", "x".repeat(LeaseStore.MAX_VALUE_LENGTH + 1).getBytes(StandardCharsets.US_ASCII));
		byte[] oversize = new byte[200_000];
		Arrays.fill(oversize, (byte) 'a');
		planted.put("oversize", oversize);
		planted.put("plain text", "hello".getBytes(StandardCharsets.US_ASCII));
		planted.forEach((name, bytes) -> {
			String key = leases.keys().toStoreKey(name);
			plant(key, bytes);
			String seen = leases.store().get(key);
			assertThat(seen == null || seen.length() <= LeaseStore.MAX_VALUE_LENGTH).as(name).isTrue();
			if (seen == null) {
				assertThat(leases.store().compareAndSet(key, null, "mine", LONG)).as("%s taken over", name).isTrue();
			}
			else {
				assertThat(leases.store().compareAndSet(key, null, "mine", LONG)).as("%s held", name).isFalse();
				assertThat(leases.store().compareAndSet(key, seen, "mine", LONG)).as(name).isTrue();
			}
			assertThat(leases.store().get(key)).as(name).isEqualTo("mine");
			assertThat(leases.store().compareAndSet(key, "mine", null, LONG)).as(name).isTrue();
		});
	}

	@Test
	void anUnreachableStoreFailsWithARuntimeExceptionWithinItsTimeout() {
		LeaseStore store = unreachable();
		long started = System.nanoTime();
		assertThatRuntimeException().isThrownBy(() -> store.compareAndSet("lease:k", null, "token", LONG));
		assertThatRuntimeException().isThrownBy(() -> store.compareAndSet("lease:k", "token", null, LONG));
		if (readsOfAnUnreachableStoreFail()) {
			assertThatRuntimeException().isThrownBy(() -> store.get("lease:k"));
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
	}

	/** The leases of a newly opened instance of that cache's store, closed after the test. */
	protected Leases leases(String cacheName) {
		Leases leases = opened(cacheName).leases();
		assertThat(leases).as("the provider's leases").isNotNull();
		return leases;
	}

	/** A newly opened instance of that cache's store, closed after the test. */
	protected OpenedStore<String, byte[]> opened(String cacheName) {
		OpenedStore<String, byte[]> store = open(cacheName);
		this.opened.add(store);
		return store;
	}

}
