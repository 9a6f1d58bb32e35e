package io.polycache.autoconfigure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.ObjectProvider;

import io.polycache.autoconfigure.WarmupRun.Progress;
import io.polycache.autoconfigure.WarmupRun.State;

/**
 * Records each ended warm-up in the application's {@link MeterRegistry}, if it has one:
 * its duration as the timer {@code cache.warmup} tagged {@code cache} and {@code result}
 * ({@code success} or {@code failure}), and its counts as the counter
 * {@code cache.warmup.entries} tagged {@code cache} and {@code result} ({@code stored},
 * {@code loaded} or {@code skipped}). Thread-safe: Micrometer's meters are.
 */
final class WarmupMeters implements WarmupListener {

	private final ObjectProvider<MeterRegistry> registry;

	WarmupMeters(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void ended(Progress progress) {
		MeterRegistry registry = this.registry.getIfUnique();
		if (registry == null) {
			return;
		}
		String cache = progress.cacheName();
		Timer.builder("cache.warmup")
			.description("How long warming a cache at start-up took")
			.tag("cache", cache)
			.tag("result", (progress.state() == State.DONE) ? "success" : "failure")
			.register(registry)
			.record(progress.elapsed());
		entries(registry, cache, "stored", progress.stored());
		entries(registry, cache, "loaded", progress.loaded());
		entries(registry, cache, "skipped", progress.skipped());
	}

	private static void entries(MeterRegistry registry, String cache, String result, long count) {
		Counter.builder("cache.warmup.entries")
			.description("Entries a cache warm-up stored, loaded, or skipped because the cache had them")
			.tag("cache", cache)
			.tag("result", result)
			.register(registry)
			.increment(count);
	}

}
