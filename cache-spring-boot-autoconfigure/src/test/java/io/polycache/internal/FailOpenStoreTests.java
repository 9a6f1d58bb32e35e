package io.polycache.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.polycache.core.CacheSettings;
import io.polycache.spi.CacheStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A store whose every call fails, as a server that is down does. Fail-open turns reads
 * into misses and logs writes at most once per interval; without it, errors propagate.
 */
@ExtendWith(OutputCaptureExtension.class)
class FailOpenStoreTests {

	private final BrokenStore broken = new BrokenStore();

	private final StoreCache<?, ?> cache = StoreCache.builder(CacheSettings.defaults("remote"),
			new FailOpenStore<>("remote", this.broken)).build();

	@Test
	void failedReadsAreMissesAndLoadsStillRun() {
		assertThat(this.cache.get("k")).isNull();
		assertThat(this.cache.contains("k")).isFalse();
		assertThat(this.cache.getAll(List.of("a", "b"))).isEmpty();
		assertThat(this.cache.get("k", () -> "loaded")).isEqualTo("loaded");
		assertThat(this.cache.size()).isEmpty();
		assertThat(this.cache.statistics().misses()).isEqualTo(4);
	}

	@Test
	void failedWritesAreDropped() {
		this.cache.put("k", "v");
		this.cache.put("k", "v", Duration.ofSeconds(5));
		assertThat(this.cache.putIfAbsent("k", "v")).isNull();
		this.cache.putAll(Map.of("a", 1));
		this.cache.evict("k");
		assertThat(this.cache.evictIfPresent("k")).isFalse();
		assertThat(this.cache.evictAll(List.of("k"))).isZero();
		this.cache.clear();
		assertThat(this.broken.calls).hasValue(8);
	}

	@Test
	void addIsNotStoredWhenTheStoreFailsSoItStaysSafeAsALock() {
		assertThat(this.cache.add("lock", "owner", Duration.ofSeconds(5))).isFalse();
		assertThat(this.cache.putIfAbsent("k", "v")).as("Spring's putIfAbsent only caches: it may say stored").isNull();
	}

	@Test
	void failedTouchesAndTtlReadsAnswerAsMisses() {
		assertThat(this.cache.touch("k", Duration.ofSeconds(5))).isFalse();
		assertThat(this.cache.timeToLive("k")).isEmpty();
		assertThat(this.cache.evictByPrefix("k")).isZero();
		assertThat(this.broken.calls).hasValue(3);
		StoreCache<?, ?> strict = StoreCache.builder(CacheSettings.builder("strict").failOpen(false).build(), this.broken)
			.build();
		assertThatIllegalStateException().isThrownBy(() -> strict.touch("k", Duration.ZERO));
		assertThatIllegalStateException().isThrownBy(() -> strict.timeToLive("k"));
		assertThatIllegalStateException().isThrownBy(() -> strict.evictByPrefix("k"));
	}

	/**
	 * A provider written before touch existed keeps compiling, and its cache says what it
	 * cannot do: a store that does not support an operation is not failing, so fail-open
	 * does not hide that.
	 */
	@Test
	void aStoreWithoutTheNewOperationsRefusesThemByDefault() {
		StoreCache<?, ?> cache = StoreCache.builder(CacheSettings.defaults("older"),
				new FailOpenStore<>("older", new OlderStore())).build();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> cache.touch("k", Duration.ZERO))
			.withMessage("older store does not implement touch(key, ttl)");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> cache.timeToLive("k"))
			.withMessageContaining("does not implement timeToLive");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> cache.evictByPrefix("k"))
			.withMessageContaining("does not implement removeByPrefix");
	}

	@Test
	void countersHaveNoFallbackAndFail() {
		assertThatIllegalStateException().isThrownBy(() -> this.cache.increment("c", 1))
			.withMessageContaining("connection refused");
	}

	@Test
	void aStreamOfFailuresLogsOneWarning(CapturedOutput output) {
		for (int i = 0; i < 1_000; i++) {
			this.cache.get("k" + i);
		}
		assertThat(output.getOut().lines().filter(line -> line.contains("Cache 'remote'"))).hasSize(1);
	}

	@Test
	void failClosedPropagatesTheStoreError() {
		StoreCache<?, ?> strict = StoreCache.builder(CacheSettings.builder("strict").failOpen(false).build(), this.broken)
			.build();
		assertThatIllegalStateException().isThrownBy(() -> strict.get("k")).withMessageContaining("connection refused");
		assertThatIllegalStateException().isThrownBy(() -> strict.put("k", "v"));
	}

	/** Every call fails, and is counted. */
	static final class BrokenStore implements CacheStore<Object, Object> {

		final AtomicInteger calls = new AtomicInteger();

		private IllegalStateException failure() {
			this.calls.incrementAndGet();
			return new IllegalStateException("connection refused");
		}

		@Override
		public Object get(Object key) {
			throw failure();
		}

		@Override
		public void put(Object key, Object value, Duration ttl) {
			throw failure();
		}

		@Override
		public Object putIfAbsent(Object key, Object value, Duration ttl) {
			throw failure();
		}

		@Override
		public boolean remove(Object key) {
			throw failure();
		}

		@Override
		public void clear() {
			throw failure();
		}

		@Override
		public long increment(Object key, long delta, Duration ttlIfCreated) {
			throw failure();
		}

		@Override
		public java.util.OptionalLong size() {
			throw failure();
		}

		@Override
		public boolean touch(Object key, Duration ttl) {
			throw failure();
		}

		@Override
		public java.util.Optional<Duration> timeToLive(Object key) {
			throw failure();
		}

		@Override
		public int removeByPrefix(String prefix) {
			throw failure();
		}

	}

	/** A store as a provider wrote it before touch, timeToLive and removeByPrefix existed. */
	static final class OlderStore implements CacheStore<Object, Object> {

		@Override
		public @Nullable Object get(Object key) {
			return null;
		}

		@Override
		public void put(Object key, Object value, Duration ttl) {
		}

		@Override
		public @Nullable Object putIfAbsent(Object key, Object value, Duration ttl) {
			return null;
		}

		@Override
		public boolean remove(Object key) {
			return false;
		}

		@Override
		public void clear() {
		}

		@Override
		public long increment(Object key, long delta, Duration ttlIfCreated) {
			return delta;
		}

		@Override
		public String toString() {
			return "older store";
		}

	}

}
