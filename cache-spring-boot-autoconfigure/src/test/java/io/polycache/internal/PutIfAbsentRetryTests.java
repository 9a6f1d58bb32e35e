package io.polycache.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.none.NoneStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.ValueCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code putIfAbsent} against a store that keeps answering the racing case with bytes that
 * cannot be read back: a bounded number of attempts, then a store failure (a miss that
 * says "stored" when failing open, an exception otherwise), never a stack overflow.
 */
class PutIfAbsentRetryTests {

	private final UnreadableStore store = new UnreadableStore();

	private StoreCache<String, byte[]> cache(boolean failOpen) {
		CacheSettings settings = CacheSettings.builder("racing").failOpen(failOpen).build();
		return StoreCache.builder(settings, new OpenedStore<>(this.store, KeyNamespace.of(settings).keys(),
				ValueCodec.serializing(new JdkValueSerializer(ClassAllowList.of(List.of()), null))))
			.build();
	}

	@Test
	void storeThatKeepsAnsweringWithUnreadableBytesIsTriedABoundedNumberOfTimes() {
		assertThat(cache(true).putIfAbsent("k", "v")).isNull();
		assertThat(this.store.attempts).hasValueBetween(2, 16);
	}

	@Test
	void withoutFailOpenItFails() {
		assertThatIllegalStateException().isThrownBy(() -> cache(false).putIfAbsent("k", "v"))
			.withMessageContaining("gave up putIfAbsent");
		assertThat(this.store.attempts).hasValueBetween(2, 16);
	}

	/** A store where another writer always got there first, with bytes nobody can read. */
	static final class UnreadableStore extends NoneStore<String, byte[]> {

		final AtomicInteger attempts = new AtomicInteger();

		@Override
		public byte @Nullable [] putIfAbsent(String key, byte[] value, Duration ttl) {
			this.attempts.incrementAndGet();
			return new byte[] { 1, 2, 3 };
		}

		@Override
		public boolean remove(String key) {
			return true;
		}

	}

}
