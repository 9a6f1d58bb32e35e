package io.polycache.testsupport;

import org.jspecify.annotations.Nullable;

import io.polycache.core.RemovalCause;
import io.polycache.spi.StoreEvents;

/**
 * Store events that listen, and hand each reported removal to a hook, which runs where the
 * store reports it (under the store's lock, for most causes): for tests that make a race
 * happen at that moment. Counts nothing.
 */
public final class HookedStoreEvents implements StoreEvents {

	private final Hook hook;

	public HookedStoreEvents(Hook hook) {
		this.hook = hook;
	}

	@Override
	public void recordEviction() {
	}

	@Override
	public void recordExpirations(int count) {
	}

	@Override
	public boolean reportsRemovals() {
		return true;
	}

	@Override
	public void removed(RemovalCause cause, Object key, @Nullable Object value) {
		this.hook.removed(cause, key, value);
	}

	/** What runs for each reported removal. */
	@FunctionalInterface
	public interface Hook {

		void removed(RemovalCause cause, Object key, @Nullable Object value);

	}

}
