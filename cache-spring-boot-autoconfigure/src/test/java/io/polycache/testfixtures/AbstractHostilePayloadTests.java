package io.polycache.testfixtures;

import java.time.Clock;
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

import io.polycache.core.CacheSettings;
import io.polycache.internal.ClassAllowList;
import io.polycache.internal.ExpirySweeper;
import io.polycache.internal.JdkValueSerializer;
import io.polycache.internal.JsonValueSerializer;
import io.polycache.internal.StoreCache;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.ValueCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bytes written straight into a shared store, where anyone who can reach the
 * store can put them: each reads as a miss well within a second, its entry is gone
 * afterwards, and concurrent readers decode it once. Each backend's test extends this
 * class and supplies its store.
 */
public abstract class AbstractHostilePayloadTests {

	private final List<StoreCache<?, ?>> caches = new ArrayList<>();

	private final ExpirySweeper sweeper = TestAssembly.idleSweeper();

	/** The backend under test, whose caches are assembled as the auto-configuration does. */
	protected abstract BackendProvider provider();

	/** The application's properties for a cache with these settings; none by default. */
	protected Map<String, String> properties(CacheSettings settings) {
		return Map.of();
	}

	static Stream<Arguments> payloads() {
		Stream<Arguments> jdk = HostilePayloads.jdk().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue(), false));
		Stream<Arguments> json = HostilePayloads.json().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue(), true));
		return Stream.concat(jdk, json);
	}

	@AfterEach
	void closeStores() {
		this.sweeper.close();
		this.caches.forEach((cache) -> cache.getNativeCache().close());
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

	/** Parked in the counting codec's decode (below) or in the cache's reader, waiting for that decode. */
	private static boolean parkedInDecode(Thread thread) {
		return thread.getState() == Thread.State.WAITING && Stream.of(thread.getStackTrace())
			.anyMatch(frame -> (frame.getClassName().startsWith(AbstractHostilePayloadTests.class.getName())
					|| frame.getClassName().startsWith("io.polycache.internal."))
					&& frame.getMethodName().equals("decode"));
	}

	/**
	 * A cache whose entry "victim" holds {@code payload}, put through the store at the key
	 * the cache itself maps "victim" to, whatever the key format. Its codec counts decodes
	 * and, given a latch, waits for it before decoding.
	 */
	@SuppressWarnings("unchecked") // The backends under test keep bytes under string keys.
	private Planted plant(boolean json, byte[] payload, AtomicInteger decodes, CountDownLatch release) {
		CacheSettings settings = CacheSettings.defaults("hostile");
		ClassAllowList allowList = ClassAllowList.of(List.of());
		ValueCodec<byte[]> serializing = ValueCodec.serializing(json ? new JsonValueSerializer(allowList) : new JdkValueSerializer(allowList));
		// A serializer in use has loaded its classes: time the payload, not Jackson's start-up.
		assertThat(serializing.decode(serializing.encode(List.of(List.of(1L))))).isEqualTo(List.of(List.of(1L)));
		ValueCodec<byte[]> counting = new ValueCodec<>() {
			@Override
			public byte[] encode(Object value) {
				return serializing.encode(value);
			}

			@Override
			public Object decode(byte[] stored) {
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
		StoreCache<String, byte[]> cache = (StoreCache<String, byte[]>) TestAssembly
			.assembler(Clock.systemUTC(), (ignored) -> counting, properties(settings), this.sweeper, Runnable::run)
			.assemble(settings, provider());
		this.caches.add(cache);
		String storeKey = cache.storeKey("victim");
		cache.getNativeCache().put(storeKey, payload, Duration.ZERO);
		assertThat(cache.getNativeCache().get(storeKey)).as("the raw bytes are stored").isEqualTo(payload);
		return new Planted(cache, storeKey);
	}

	private record Planted(StoreCache<String, byte[]> cache, String storeKey) {
	}

}
