package io.polycache.benchmarks.support;

import java.time.Clock;
import java.time.Duration;

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
		CacheAssembler assembler = new CacheAssembler(Clock.systemUTC(), new ExpirySweeper(Duration.ofSeconds(1)),
				(ignored) -> ValueCodec.serializing(serializer), new CacheAssembler.PropertyBinder() {

					@Override
					public <T> T bind(String cacheName, String group, Class<T> type) {
						// No properties in benchmarks: every group at its defaults.
						return BeanUtils.instantiateClass(type);
					}

				}, null, () -> Runnable::run, LocalStores::create);
		return assembler.assemble(settings, provider);
	}

}
