package io.polycache.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.internal.RefreshAheadTests.ManualExecutor;
import io.polycache.local.LocalStores;
import io.polycache.testfixtures.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a read made by Spring's cache interceptor (a {@link Reinvocation} current) uses the
 * re-invocation: asked for only when a reload will use it, since making it copies the
 * method invocation. Driven by a hand-moved clock and a hand-run executor.
 */
class ReinvocationReadTests {

	private final MutableClock clock = new MutableClock();

	private final ManualExecutor executor = new ManualExecutor();

	/** How many times the cache asked for the re-invocation. */
	private final AtomicInteger asked = new AtomicInteger();

	private final Supplier<Callable<@Nullable Object>> source = () -> {
		this.asked.incrementAndGet();
		return () -> "v2";
	};

	private @Nullable Supplier<Callable<@Nullable Object>> previous;

	@AfterEach
	void leaveTheCall() {
		Reinvocation.restore(this.previous);
	}

	private StoreCache<?, ?> cache(CacheSettings settings) {
		StatsCounter stats = new StatsCounter();
		return StoreCache.builder(settings, LocalStores.create(settings, this.clock, stats))
			.stats(stats)
			.clock(this.clock)
			.refreshExecutor(this.executor)
			.build();
	}

	@Test
	void aHitOnAValueNotYetDueDoesNotAskForTheReinvocation() {
		StoreCache<?, ?> cache = cache(CacheSettings.builder("quotes")
			.ttl(Duration.ofMinutes(10))
			.refreshAfter(Duration.ofMinutes(1))
			.build());
		cache.get("k", () -> "v1");
		this.previous = Reinvocation.enter(this.source);
		this.clock.advance(Duration.ofSeconds(59));
		for (int i = 0; i < 3; i++) {
			assertThat(cache.get("k").get()).isEqualTo("v1");
		}
		assertThat(this.asked).as("no reload is due: nothing to copy").hasValue(0);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(cache.get("k").get()).isEqualTo("v1");
		assertThat(this.asked).hasValue(1);
		Reinvocation.restore(this.previous);
		this.executor.runAll();
		assertThat(cache.stored("k")).as("the due read reloaded with the re-invocation").isEqualTo("v2");
	}

}
