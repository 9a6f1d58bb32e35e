package io.polycache.benchmarks.support;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;

import io.polycache.core.CacheSettings;
import io.polycache.core.ValueSerializer;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.CacheAssembler;
import io.polycache.internal.ExpirySweeper;
import io.polycache.local.LocalStores;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.ValueCodec;

/**
 * Caches as an application gets them: through Polycache's one assembly path
 * ({@link CacheAssembler}), so a benchmark of a remote backend measures the outage guard
 * and fail-open in front of its store, exactly as the auto-configuration puts them there.
 */
public final class BenchmarkCaches {

	private BenchmarkCaches() {
	}

	/**
	 * The cache with these settings on the provider's store, its values through
	 * {@code serializer}. A provider's own property group is at its defaults.
	 */
	public static AssembledCache assemble(CacheSettings settings, BackendProvider provider,
			ValueSerializer serializer) {
		return assemble(settings, provider, serializer, null, new ExpirySweeper(Duration.ofSeconds(1)));
	}

	/**
	 * The cache with these settings on the provider's store, its values through
	 * {@code serializer}, and {@code groupProperties} as the provider's own property group
	 * (for instance a {@code FileSystemProperties} naming the directory); {@code null}, or
	 * a group of another type: at its defaults. Its expired entries are swept, and its
	 * auto-refresh ticks run, on {@code sweeper}, which the caller closes (as the
	 * application context closes its own) once the cache is closed.
	 */
	public static AssembledCache assemble(CacheSettings settings, BackendProvider provider,
			ValueSerializer serializer, @Nullable Object groupProperties, ExpirySweeper sweeper) {
		CacheAssembler assembler = new CacheAssembler(Clock.systemUTC(), sweeper,
				(ignored) -> ValueCodec.serializing(serializer), new CacheAssembler.PropertyBinder() {

					@Override
					public <T> T bind(String cacheName, String group, Class<T> type) {
						// No properties in benchmarks: every group at its defaults, or as given.
						return type.isInstance(groupProperties) ? type.cast(groupProperties)
								: BeanUtils.instantiateClass(type);
					}

				}, null, () -> Runnable::run, LocalStores::create);
		return assembler.assemble(settings, provider);
	}

}
