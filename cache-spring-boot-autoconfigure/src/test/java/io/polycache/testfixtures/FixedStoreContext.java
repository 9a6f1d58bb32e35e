package io.polycache.testfixtures;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.StoreContext;
import io.polycache.spi.StoreEvents;
import io.polycache.spi.ValueCodec;

/**
 * What a provider gets to open a cache's store, as the assembler gives it, for tests that
 * open stores through a provider: the cache's settings and namespace, {@link TestAssembly#JDK}
 * values, events counted nowhere that matters, and the provider's property group as given
 * (or its defaults).
 *
 * @param settings the cache's settings
 * @param clock the store's time source
 * @param properties the provider's property group, or {@code null} for its defaults
 */
public record FixedStoreContext(CacheSettings settings, Clock clock, @Nullable Object properties)
		implements StoreContext {

	@Override
	public StoreEvents events() {
		return new StatsCounter();
	}

	@Override
	public KeyNamespace namespace() {
		return KeyNamespace.of(this.settings);
	}

	@Override
	public ValueCodec<byte[]> serializer() {
		return TestAssembly.jdkCodec();
	}

	@Override
	public <T> T properties(Class<T> type) {
		if (this.properties != null) {
			return type.cast(this.properties);
		}
		try {
			return type.getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot make default " + type.getName(), ex);
		}
	}

}
