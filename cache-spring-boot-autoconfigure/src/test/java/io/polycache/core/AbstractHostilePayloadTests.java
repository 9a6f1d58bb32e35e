package io.polycache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bytes written straight into a shared store, where anyone who can reach the
 * store can put them: each reads as a miss well within a second, its entry is gone
 * afterwards, and concurrent readers decode it once. Each backend's test extends this
 * class and supplies its store.
 */
public abstract class AbstractHostilePayloadTests {

	private final List<CacheStore> stores = new ArrayList<>();

	/** A store for a cache with these settings. */
	protected abstract CacheStore createStore(CacheSettings settings);

	/** How application keys become this backend's store keys. */
	protected abstract KeyMapper keyMapper(CacheSettings settings);

	static Stream<Arguments> payloads() {
		Stream<Arguments> jdk = HostilePayloads.jdk().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue(), false));
		Stream<Arguments> json = HostilePayloads.json().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue(), true));
		return Stream.concat(jdk, json);
	}

	@AfterEach
	void closeStores() {
		this.stores.forEach(CacheStore::close);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("payloads")
	void hostilePayloadIsAFastMissAndIsRemoved(String name, byte[] payload, boolean json) {
		Planted planted = plant(json, payload, new AtomicInteger(), null);
		long started = System.nanoTime();
		assertThat(planted.cache().get("victim")).as(name).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as(name).isLessThan(Duration.ofSeconds(1));
		assertThat(planted.cache().getNativeCache().get(planted.storeKey())).as("%s entry removed", name).isNull();
		planted.cache().put("victim", "fresh");
		assertThat(planted.cache().get("victim", String.class)).isEqualTo("fresh");
	}

	@Test
	void concurrentReadersOfAHostileEntryDecodeItOnce() throws Exception {
		AtomicInteger decodes = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		Planted planted = plant(false, HostilePayloads.hugeLongArray(), decodes, release);
		int readers = 8;
		List<Thread> threads = new ArrayList<>();
		List<Object> results = java.util.Collections.synchronizedList(new ArrayList<>());
		for (int i = 0; i < readers; i++) {
			Thread reader = new Thread(() -> results.add(String.valueOf(planted.cache().get("victim"))));
			threads.add(reader);
			reader.start();
		}
		// Every reader has read the bytes and is parked: in the one decode, or waiting for it.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!threads.stream().allMatch(AbstractHostilePayloadTests::parkedInDecode)) {
			assertThat(System.nanoTime()).as("readers parked in time").isLessThan(deadline);
			Thread.sleep(5);
		}
		release.countDown();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}
		assertThat(results).hasSize(readers).containsOnly("null");
		assertThat(decodes).hasValue(1);
		assertThat(planted.cache().getNativeCache().get(planted.storeKey())).isNull();
	}

	private static boolean parkedInDecode(Thread thread) {
		return thread.getState() == Thread.State.WAITING && Stream.of(thread.getStackTrace())
			.anyMatch(frame -> frame.getClassName().startsWith("io.polycache.core.") && frame.getMethodName().equals("decode"));
	}

	/**
	 * A cache whose entry "victim" holds {@code payload}, put through the store at the key
	 * the cache itself maps "victim" to, whatever the key format. Its codec counts decodes
	 * and, given a latch, waits for it before decoding.
	 */
	private Planted plant(boolean json, byte[] payload, AtomicInteger decodes, CountDownLatch release) {
		CacheSettings settings = CacheSettings.defaults("hostile");
		CacheStore store = createStore(settings);
		this.stores.add(store);
		ClassAllowList allowList = ClassAllowList.of(List.of());
		ValueCodec serializing = ValueCodec.serializing(json ? new JsonValueSerializer(allowList) : new JdkValueSerializer(allowList));
		// A serializer in use has loaded its classes: time the payload, not Jackson's start-up.
		assertThat(serializing.decode(serializing.encode(List.of(List.of(1L))))).isEqualTo(List.of(List.of(1L)));
		ValueCodec counting = new ValueCodec() {
			@Override
			public Object encode(Object value) {
				return serializing.encode(value);
			}

			@Override
			public Object decode(Object stored) {
				decodes.incrementAndGet();
				if (release != null) {
					try {
						release.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return serializing.decode(stored);
			}
		};
		KeyMapper keys = keyMapper(settings);
		StoreCache cache = StoreCache.builder(settings, store).keys(keys).codec(counting).build();
		Object storeKey = keys.toStoreKey("victim");
		store.put(storeKey, payload, Duration.ZERO);
		assertThat((byte[]) store.get(storeKey)).as("the raw bytes are stored").isEqualTo(payload);
		return new Planted(cache, storeKey);
	}

	private record Planted(StoreCache cache, Object storeKey) {
	}

}
