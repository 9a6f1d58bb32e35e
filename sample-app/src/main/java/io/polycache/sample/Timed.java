package io.polycache.sample;

import java.time.Duration;
import java.util.function.Supplier;

/** A response body: the value, the cache the call went through and the call's wall-clock milliseconds. */
record Timed<T>(String cache, T value, long millis) {

	/** Runs the call and measures it. */
	static <T> Timed<T> call(String cache, Supplier<T> call) {
		long start = System.nanoTime();
		T value = call.get();
		return new Timed<>(cache, value, Duration.ofNanos(System.nanoTime() - start).toMillis());
	}

}
