package io.polycache.none;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import io.polycache.spi.CacheStore;

/**
 * The {@code none} backend: stores nothing, so every read is a miss and every load runs.
 * For tests, and for switching caching off by property while cache names still resolve.
 * A counter never accumulates: {@link #increment} returns {@code delta}. There is never an
 * entry to touch, to tell the TTL of, or to remove by prefix. Not final, so
 * that a test store can override only the operations it is about.
 */
public class NoneStore<K, V> implements CacheStore<K, V> {

	@Override
	public @Nullable V get(K key) {
		return null;
	}

	@Override
	public void put(K key, V value, Duration ttl) {
	}

	@Override
	public boolean touch(K key, Duration ttl) {
		return false;
	}

	@Override
	public Optional<Duration> timeToLive(K key) {
		return Optional.empty();
	}

	@Override
	public int removeByPrefix(String prefix) {
		return 0;
	}

	@Override
	public @Nullable V putIfAbsent(K key, V value, Duration ttl) {
		return null;
	}

	@Override
	public boolean remove(K key) {
		return false;
	}

	@Override
	public void clear() {
	}

	@Override
	public long increment(K key, long delta, Duration ttlIfCreated) {
		return delta;
	}

	@Override
	public OptionalLong size() {
		return OptionalLong.of(0);
	}

	@Override
	public String toString() {
		return "none";
	}

}
