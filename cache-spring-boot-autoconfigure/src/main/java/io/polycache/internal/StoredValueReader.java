package io.polycache.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

import io.polycache.core.ValueSerializationException;
import io.polycache.spi.CacheStore;
import io.polycache.spi.ValueCodec;

/**
 * Turns what a store holds back into a value for {@link StoreCache}, treating whatever
 * decoding throws as a miss: the entry is removed, so later reads miss without decoding,
 * and a warning is logged at most once per interval.
 * <p>Bytes (what a {@linkplain ValueCodec#sharesDecodes() codec that does real work}
 * reads) are decoded once however many readers arrive: a reader holding the same bytes
 * as a decode already under way for that key waits for it. If that decode fails, every
 * waiter misses without decoding; if it succeeds, each waiter decodes its own copy, so
 * readers never share a mutable value (the values are bounded by the serializer's limits,
 * so a second decode of bytes that decoded once is cheap).
 * <p>{@code OutOfMemoryError} and {@code StackOverflowError} are misses too: thrown while
 * decoding, they come from the decode's own allocation (an array of the size the bytes
 * claim) or recursion (nesting as deep as the bytes claim), and once they reach this
 * class the partial value is garbage and the stack has unwound, so the JVM is as sound as
 * before; rethrowing would hand every caller an error of the attacker's choosing. Any
 * other {@code VirtualMachineError} ({@code InternalError}, {@code UnknownError}) is a
 * failure of the JVM itself: the entry is removed and the error is rethrown.
 * <p>Thread-safe.
 */
final class StoredValueReader<K, V> {

	private final String cacheName;

	private final CacheStore<K, V> store;

	private final ValueCodec<V> codec;

	private final RateLimitedLog failures;

	private final ConcurrentMap<K, Decode<V>> decoding = new ConcurrentHashMap<>();

	StoredValueReader(String cacheName, CacheStore<K, V> store, ValueCodec<V> codec, RateLimitedLog failures) {
		this.cacheName = cacheName;
		this.store = store;
		this.codec = codec;
		this.failures = failures;
	}

	/** The value held under the key, or {@code null} when it cannot be read back and was removed. */
	@Nullable Object decode(K storeKey, V stored) {
		if (!this.codec.sharesDecodes()) {
			return decodeAlone(storeKey, stored);
		}
		Decode<V> mine = new Decode<>(stored);
		Decode<V> running = this.decoding.putIfAbsent(storeKey, mine);
		if (running == null) {
			try {
				Object value = decodeAlone(storeKey, stored);
				mine.outcome.complete(value != null);
				return value;
			}
			finally {
				mine.outcome.complete(false);
				this.decoding.remove(storeKey, mine);
			}
		}
		if (Objects.deepEquals(running.stored, stored) && !running.outcome.join()) {
			// The decode we waited for failed and removed the entry.
			return null;
		}
		// Bytes that decoded once, or other bytes written since: this reader's own copy.
		return decodeAlone(storeKey, stored);
	}

	private @Nullable Object decodeAlone(K storeKey, V stored) {
		try {
			return this.codec.decode(stored);
		}
		catch (Throwable failure) {
			this.store.remove(storeKey);
			this.failures.warn("Cache '" + this.cacheName + "' removed a value it cannot read back" + reason(failure),
					failure);
			if (failure instanceof VirtualMachineError error && !(error instanceof OutOfMemoryError)
					&& !(error instanceof StackOverflowError)) {
				throw error;
			}
			return null;
		}
	}

	private static String reason(Throwable failure) {
		if (failure instanceof ValueSerializationException ex) {
			return ex.isRejectedClass() ? " (a class outside the allow-list)" : "";
		}
		return " (" + failure.getClass().getSimpleName() + " while decoding)";
	}

	/** A decode under way: what it decodes, and whether it succeeded. */
	private record Decode<V>(V stored, CompletableFuture<Boolean> outcome) {

		Decode(V stored) {
			this(stored, new CompletableFuture<>());
		}

	}

}
