package io.polycache.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache.ValueRetrievalException;

import io.polycache.core.CacheSettings;
import io.polycache.local.LocalStores;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Loads that fail with an {@code Error}, and loaders that ask for their own key the other
 * way (sync for async, async for sync): the key is never left waiting for a load that
 * cannot finish. Each test is guarded by a generous timeout, so a regression fails instead
 * of hanging the build.
 */
class SingleFlightTests {

	private static final Duration GUARD = Duration.ofSeconds(20);

	private final StoreCache<?, ?> cache = cache();

	private static StoreCache<?, ?> cache() {
		CacheSettings settings = CacheSettings.defaults("loads");
		StatsCounter stats = new StatsCounter();
		return StoreCache.builder(settings, LocalStores.create(settings, new MutableClock(), stats)).stats(stats).build();
	}

	@Test
	void asyncLoaderThatThrowsAnErrorFailsItsCallerAndFreesTheKey() {
		assertTimeoutPreemptively(GUARD, () -> {
			Throwable failure = catchThrowable(() -> this.cache.retrieve("k", () -> {
				throw new StackOverflowError("loader");
			}).get(5, TimeUnit.SECONDS));
			assertThat(failure).hasRootCauseInstanceOf(StackOverflowError.class);
			assertThat(this.cache.retrieve("k", () -> CompletableFuture.completedFuture("v")).get(5, TimeUnit.SECONDS))
				.isEqualTo("v");
		});
	}

	@Test
	void asyncLoaderThatReturnsNoFutureFailsItsCallerAndFreesTheKey() {
		assertTimeoutPreemptively(GUARD, () -> {
			assertThatThrownBy(() -> this.cache.retrieve("k", () -> null).get(5, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class);
			assertThat(this.cache.retrieve("k", () -> CompletableFuture.completedFuture("v")).get(5, TimeUnit.SECONDS))
				.isEqualTo("v");
		});
	}

	@Test
	void asyncLoadWhoseFutureFailsWithAnErrorFreesTheKey() {
		assertTimeoutPreemptively(GUARD, () -> {
			CompletableFuture<String> failed = CompletableFuture.failedFuture(new OutOfMemoryError("test"));
			assertThatThrownBy(() -> this.cache.retrieve("k", () -> failed).get(5, TimeUnit.SECONDS))
				.hasRootCauseInstanceOf(OutOfMemoryError.class);
			assertThat(this.cache.retrieve("k", () -> CompletableFuture.completedFuture("v")).get(5, TimeUnit.SECONDS))
				.isEqualTo("v");
		});
	}

	@Test
	void syncLoaderThatAsksForItsKeyAsynchronouslyFailsFast() {
		assertTimeoutPreemptively(GUARD, () -> {
			assertThatThrownBy(() -> this.cache.get("k",
					() -> this.cache.retrieve("k", () -> CompletableFuture.completedFuture("inner")).join()))
				.isInstanceOf(ValueRetrievalException.class)
				.hasRootCauseInstanceOf(IllegalStateException.class)
				.rootCause()
				.hasMessageContaining("Recursive load of key k");
			assertThat(this.cache.get("k", () -> "v")).isEqualTo("v");
		});
	}

	@Test
	void asyncLoaderThatAsksForItsKeySynchronouslyFailsFast() {
		assertTimeoutPreemptively(GUARD, () -> {
			CompletableFuture<String> outer = this.cache.retrieve("k",
					() -> CompletableFuture.completedFuture(this.cache.get("k", () -> "inner")));
			assertThatThrownBy(() -> outer.get(5, TimeUnit.SECONDS)).rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("Recursive load of key k");
			assertThat(this.cache.retrieve("k", () -> CompletableFuture.completedFuture("v")).get(5, TimeUnit.SECONDS))
				.isEqualTo("v");
		});
	}

	@Test
	void asyncLoaderThatAsksForItsKeyAsynchronouslyFailsFast() {
		assertTimeoutPreemptively(GUARD, () -> {
			CompletableFuture<Object> outer = this.cache.retrieve("k",
					() -> this.cache.retrieve("k", () -> CompletableFuture.completedFuture("inner")));
			assertThatThrownBy(() -> outer.get(5, TimeUnit.SECONDS)).rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("Recursive load of key k");
		});
	}

}
