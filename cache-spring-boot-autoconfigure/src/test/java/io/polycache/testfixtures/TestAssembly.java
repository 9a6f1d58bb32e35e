package io.polycache.testfixtures;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.polycache.core.CacheSettings;
import io.polycache.core.ValueSerializer;
import io.polycache.internal.CacheAssembler.PropertyBinder;
import io.polycache.internal.CacheAssembler;
import io.polycache.internal.ClassAllowList;
import io.polycache.internal.ExpirySweeper;
import io.polycache.internal.JdkValueSerializer;
import io.polycache.internal.StoreCache;
import io.polycache.local.LocalStores;
import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.LeaseStore;
import io.polycache.spi.Leases;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.ValueCodec;

/**
 * Caches for tests, built the way the auto-configuration builds them: through
 * {@link CacheAssembler}, with a sweeper that never runs on its own (tests sweep when they
 * mean to) and properties from a map.
 */
public final class TestAssembly {

	/** JDK serialization allowing JDK value types only. */
	public static final ValueSerializer JDK = new JdkValueSerializer(ClassAllowList.of(List.of()));

	private TestAssembly() {
	}

	/** {@link #JDK} as the codec of a store of bytes. */
	public static ValueCodec<byte[]> jdkCodec() {
		return ValueCodec.serializing(JDK);
	}

	/**
	 * The assembly path of an application whose properties are {@code properties}.
	 * @param serializers each cache's codec to bytes
	 * @param refreshes runs background reloads
	 */
	public static CacheAssembler assembler(Clock clock, Function<CacheSettings, ValueCodec<byte[]>> serializers,
			Map<String, String> properties, ExpirySweeper sweeper, Executor refreshes) {
		Binder binder = new Binder(new MapConfigurationPropertySource(properties));
		PropertyBinder bind = new PropertyBinder() {

			@Override
			public <T> T bind(String cacheName, String group, Class<T> type) {
				// Strict, as the application's binding is: a property the group's type lacks fails.
				return binder.bindOrCreate(
						ConfigurationPropertyName.of("cache.backends").append("[" + cacheName + "]").append(group),
						Bindable.of(type), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
			}

		};
		return new CacheAssembler(clock, sweeper, serializers, bind, null, () -> refreshes, LocalStores::create);
	}

	/** A sweeper whose first sweep is a day away. */
	public static ExpirySweeper idleSweeper() {
		return new ExpirySweeper(Duration.ofDays(1));
	}

	/**
	 * A builder of one instance of a cache over a store of bytes and leases that other
	 * instances share, keyed in its namespace and serialized with {@link #JDK}: what
	 * several application instances on one server are, for tests of cluster-wide loading.
	 */
	public static StoreCache.Builder<String, byte[]> sharing(CacheSettings settings, ByteStore store,
			LeaseStore leases) {
		KeyNamespace namespace = KeyNamespace.of(settings);
		return StoreCache.builder(settings, new OpenedStore<>(store, namespace.keys(), jdkCodec())
			.withLeases(new Leases(leases, namespace.leaseKeys())));
	}

	/**
	 * A cache straight over a store of bytes, keyed in its namespace and serialized with
	 * {@link #JDK}, without fail-open or the outage guard: for tests of the store itself.
	 */
	public static StoreCache<String, byte[]> bare(CacheSettings settings, ByteStore store) {
		return StoreCache.builder(settings, new OpenedStore<>(store, KeyNamespace.of(settings).keys(), jdkCodec()))
			.build();
	}

}
