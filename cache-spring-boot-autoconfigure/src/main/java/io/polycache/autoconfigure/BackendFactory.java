package io.polycache.autoconfigure;

import java.time.Clock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.ExpirySweeper;
import io.polycache.core.KeyMapper;
import io.polycache.core.OutageGuardStore;
import io.polycache.core.StatsCounter;

/**
 * Creates the stores of one backend type. Each backend contributes one as a bean, from a
 * configuration class that loads only when the backend's client library is present; a
 * cache whose type has no factory stops start-up, naming what to add.
 */
interface BackendFactory {

	/** The type this factory serves. */
	BackendType type();

	/** A store for one cache. */
	CacheStore createStore(CacheSettings settings, Context context);

	/** How this backend's store keys are formed from application keys. */
	default KeyMapper keyMapper(CacheSettings settings) {
		return KeyMapper.identity();
	}

	/** Whether the store keeps bytes, so values go through the cache's serializer. */
	default boolean keepsBytes() {
		return false;
	}

	/** Whether the store talks to something that can fail, so fail-open applies to it. */
	default boolean canFail() {
		return false;
	}

	/**
	 * Which of the store's failures mean its server cannot be reached or did not answer in
	 * time, for a backend with a remote server: its stores get an {@link OutageGuardStore}.
	 * {@code null} (the default) for a backend without one.
	 */
	default @Nullable Predicate<RuntimeException> outages() {
		return null;
	}

	/**
	 * A factory for stores shared between processes (file system, memcached, redis): they
	 * keep bytes, so values go through the serializer, and they can fail, so fail-open
	 * applies to them.
	 * @param stores creates the store of one cache
	 * @param keys how that cache's store keys are formed
	 */
	static BackendFactory shared(BackendType type, BiFunction<CacheSettings, Context, CacheStore> stores,
			Function<CacheSettings, KeyMapper> keys) {
		return shared(type, stores, keys, null);
	}

	/**
	 * A factory for stores shared between processes through a remote server (memcached,
	 * redis): as {@link #shared(BackendType, BiFunction, Function)}, and guarded against
	 * outages.
	 * @param outages which failures mean the server is unreachable
	 */
	static BackendFactory remote(BackendType type, BiFunction<CacheSettings, Context, CacheStore> stores,
			Function<CacheSettings, KeyMapper> keys, Predicate<RuntimeException> outages) {
		return shared(type, stores, keys, outages);
	}

	private static BackendFactory shared(BackendType type, BiFunction<CacheSettings, Context, CacheStore> stores,
			Function<CacheSettings, KeyMapper> keys, @Nullable Predicate<RuntimeException> outages) {
		return new BackendFactory() {

			@Override
			public BackendType type() {
				return type;
			}

			@Override
			public CacheStore createStore(CacheSettings settings, Context context) {
				return stores.apply(settings, context);
			}

			@Override
			public KeyMapper keyMapper(CacheSettings settings) {
				return keys.apply(settings);
			}

			@Override
			public boolean keepsBytes() {
				return true;
			}

			@Override
			public boolean canFail() {
				return true;
			}

			@Override
			public @Nullable Predicate<RuntimeException> outages() {
				return outages;
			}

		};
	}

	/**
	 * What a store may use from Polycache's shared infrastructure.
	 *
	 * @param clock the time source for TTLs
	 * @param stats the cache's counters, for evictions and expirations
	 * @param sweeper the background expiry sweeper, for stores that need sweeping
	 */
	record Context(Clock clock, StatsCounter stats, ExpirySweeper sweeper) {
	}

}
