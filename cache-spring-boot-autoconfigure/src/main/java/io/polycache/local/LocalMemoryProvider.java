package io.polycache.local;

import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.KeyMapper;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.StoreContext;

/**
 * The {@code local-memory} backend: this JVM's heap, bounded with any of the six eviction
 * policies. It keeps the objects themselves, or, with {@code store-by-value}, serialized
 * copies, so that a caller changing a value it got cannot change the cached one.
 */
public final class LocalMemoryProvider implements BackendProvider {

	/** The type, as written in {@code cache.backends.<name>.type}. */
	public static final String TYPE = "local-memory";

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public BackendTraits traits() {
		return BackendTraits.inProcess();
	}

	@Override
	public OpenedStore<?, ?> open(StoreContext context) {
		if (context.settings().storeByValue()) {
			return new OpenedStore<>(LocalStores.createByValue(context.settings(), context.clock(), context.events()),
					KeyMapper.identity(), context.serializer());
		}
		return OpenedStore.objects(LocalStores.create(context.settings(), context.clock(), context.events()));
	}

}
