package io.polycache.none;

import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.StoreContext;

/**
 * The {@code none} backend: stores nothing ({@link NoneStore}), so every read is a miss.
 * Every cache is on it while {@code cache.enabled} is {@code false}.
 */
public final class NoneProvider implements BackendProvider {

	/** The type, as written in {@code cache.backends.<name>.type}. */
	public static final String TYPE = "none";

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public BackendTraits traits() {
		return new BackendTraits(false, false, null, true, true, false, false);
	}

	@Override
	public OpenedStore<Object, Object> open(StoreContext context) {
		return OpenedStore.objects(new NoneStore<>());
	}

}
