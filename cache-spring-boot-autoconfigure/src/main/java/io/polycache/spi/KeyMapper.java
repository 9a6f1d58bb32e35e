package io.polycache.spi;

import io.polycache.internal.KeyEncoder;

/**
 * Turns an application's cache key into the key a store holds.
 * <p>In-process stores use the key object itself ({@link #identity()}); shared stores
 * need a string that means the same thing in every process and after every restart, and
 * that two unequal keys never share ({@link #prefixed(String)}, through
 * {@link KeyEncoder}). A key with no such string, such as an object whose
 * {@code toString()} is {@code Object}'s identity string ({@code com.example.Foo@1b6d3586}),
 * is rejected rather than stored under a string that no other process could ever ask for.
 * @param <K> the type of the store's keys
 */
@FunctionalInterface
public interface KeyMapper<K> {

	/**
	 * The store key for an application key.
	 * @throws IllegalArgumentException if the key cannot be stored by this mapper
	 */
	K toStoreKey(Object key);

	/** Keys used as they are, for stores that live in this JVM. */
	static KeyMapper<Object> identity() {
		return key -> key;
	}

	/**
	 * Keys as {@code namespace} followed by {@link KeyEncoder#encode(Object)}, for stores
	 * shared between processes. The namespace should hold {@link KeyEncoder#FORMAT}, so
	 * entries written under an older key format are never read.
	 */
	static KeyMapper<String> prefixed(String namespace) {
		return key -> namespace + KeyEncoder.encode(key);
	}

}
