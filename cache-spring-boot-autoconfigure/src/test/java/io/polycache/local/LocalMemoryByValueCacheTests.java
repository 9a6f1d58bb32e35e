package io.polycache.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.ClassAllowList;
import io.polycache.internal.JdkValueSerializer;
import io.polycache.spi.CacheStore;
import io.polycache.spi.ValueCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared cache contract on local memory with {@code store-by-value}: every value goes
 * through the serializer, so this also runs the whole contract through the byte codec
 * that shared stores use.
 */
class LocalMemoryByValueCacheTests extends LocalMemoryCacheTests {

	@Override
	protected AssembledCache createCache(CacheSettings settings) {
		return super.createCache(settings.toBuilder().storeByValue(true).build());
	}

	@Override
	protected ValueCodec<byte[]> serializer(CacheSettings settings) {
		return ValueCodec.serializing(new JdkValueSerializer(ClassAllowList.of(List.of("io.polycache"))));
	}

	@Override
	@Test
	void storesByReference() {
		// By value, the opposite holds: see callersNeverShareTheCachedObject.
	}

	@Test
	void callersNeverShareTheCachedObject() {
		ArrayList<String> value = new ArrayList<>(List.of("a"));
		this.cache.put("k", value);
		value.add("changed after put");
		@SuppressWarnings("unchecked")
		List<String> first = this.cache.get("k", List.class);
		assertThat(first).containsExactly("a");
		first.add("changed after get");
		assertThat(this.cache.get("k", List.class)).containsExactly("a");
	}

	@Test
	void corruptStoredBytesAreAMissAndAreRemoved() {
		@SuppressWarnings("unchecked") // A store-by-value local store keeps bytes under the key objects.
		CacheStore<Object, byte[]> store = (CacheStore<Object, byte[]>) this.cache.getNativeCache();
		store.put("k", new byte[] { 1, 42, 42 }, Duration.ZERO);
		store.put("unknown-format", new byte[] { 77, 1 }, Duration.ZERO);
		assertThat(this.cache.get("k")).isNull();
		assertThat(this.cache.get("unknown-format", () -> "loaded")).isEqualTo("loaded");
		assertThat(store.get("k")).isNull();
		assertThat(this.cache.statistics().misses()).isEqualTo(2);
	}

	@Override
	@Test
	void keysAreUsedAsObjects() {
		String key = "plain";
		this.cache.put(key, "v");
		assertThat(this.cache.get(key, String.class)).isEqualTo("v");
	}

}
