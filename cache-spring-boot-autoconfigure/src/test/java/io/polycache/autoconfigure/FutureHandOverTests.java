package io.polycache.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.polycache.internal.Reinvocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-over of a {@code CompletableFuture} method's result: the cache interceptor's
 * callbacks see the re-invocation, the caller's never do, whichever of the method's
 * completion and the interceptor's return comes first.
 */
class FutureHandOverTests {

	private final Callable<@Nullable Object> reinvocation = () -> "again";

	@Test
	void completionAfterTheReturnIsReplayedWithTheReinvocation() {
		CompletableFuture<String> result = new CompletableFuture<>();
		FutureHandOver handOver = new FutureHandOver(result, () -> this.reinvocation);
		List<@Nullable Object> seen = new ArrayList<>();
		CompletableFuture<?> returned = handOver.mirror().whenComplete((value, failure) -> seen.add(Reinvocation.current()));
		CompletableFuture<?> handed = (CompletableFuture<?>) handOver.handOver(returned);
		handed.whenComplete((value, failure) -> seen.add(Reinvocation.current()));
		result.complete("v");
		assertThat(handed.join()).isEqualTo("v");
		assertThat(seen).containsExactly(this.reinvocation, null);
		assertThat(Reinvocation.current()).isNull();
	}

	@Test
	void completionBeforeTheReturnIsHandedOverAtTheReturn() {
		CompletableFuture<String> result = new CompletableFuture<>();
		FutureHandOver handOver = new FutureHandOver(result, () -> this.reinvocation);
		result.complete("v");
		CompletableFuture<?> returned = handOver.mirror().thenApply((value) -> value + "!");
		CompletableFuture<?> handed = (CompletableFuture<?>) handOver.handOver(returned);
		assertThat(handed.join()).isEqualTo("v!");
	}

	@Test
	void failureIsHandedOver() {
		CompletableFuture<String> result = new CompletableFuture<>();
		FutureHandOver handOver = new FutureHandOver(result, () -> this.reinvocation);
		CompletableFuture<?> handed = (CompletableFuture<?>) handOver
			.handOver(handOver.mirror().whenComplete((value, failure) -> {
			}));
		result.completeExceptionally(new IllegalStateException("down"));
		assertThatThrownBy(handed::join).isInstanceOf(CompletionException.class)
			.hasRootCauseInstanceOf(IllegalStateException.class)
			.hasRootCauseMessage("down");
	}

	@Test
	void whicheverArrivesFirstTheCallerGetsTheValueAndNeverTheReinvocation() throws Exception {
		ExecutorService completer = Executors.newSingleThreadExecutor();
		try {
			for (int round = 0; round < 2_000; round++) {
				CompletableFuture<Integer> result = new CompletableFuture<>();
				FutureHandOver handOver = new FutureHandOver(result, () -> this.reinvocation);
				List<@Nullable Object> interceptorSaw = new ArrayList<>();
				CompletableFuture<?> returned = handOver.mirror()
					.whenComplete((value, failure) -> interceptorSaw.add(Reinvocation.current()));
				CountDownLatch go = new CountDownLatch(1);
				int value = round;
				Future<?> completion = completer.submit(() -> {
					go.await();
					return result.complete(value);
				});
				go.countDown();
				CompletableFuture<?> handed = (CompletableFuture<?>) handOver.handOver(returned);
				CompletableFuture<@Nullable Object> callerSaw = handed.thenApply((ignored) -> Reinvocation.current());
				completion.get(10, TimeUnit.SECONDS);
				assertThat(handed.get(10, TimeUnit.SECONDS)).isEqualTo(value);
				assertThat(callerSaw.get(10, TimeUnit.SECONDS)).isNull();
				assertThat(interceptorSaw).containsExactly(this.reinvocation);
			}
		}
		finally {
			completer.shutdownNow();
		}
	}

}
