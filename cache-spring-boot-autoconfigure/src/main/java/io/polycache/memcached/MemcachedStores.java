package io.polycache.memcached;

import java.time.Clock;
import java.time.Duration;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.KeyMapper;

/**
 * Creates memcached stores. The store itself stays package-private; this is the one way in.
 */
public final class MemcachedStores {

	private MemcachedStores() {
	}

	/**
	 * A store for one cache on a shared client. Its keys are
	 * {@code {key-prefix}{cache}:{generation}:k2:{version}:{key}}, from {@code settings}.
	 * @param generationCheckInterval how often the store re-reads the cache's namespace
	 * generation, so that a {@code clear} by another instance takes effect here
	 * @param clock the time source for the entries' own expiry
	 */
	public static CacheStore create(CacheSettings settings, SharedMemcachedClient client,
			Duration generationCheckInterval, Clock clock) {
		MemcachedKeys keys = new MemcachedKeys(settings.keyPrefix(), settings.name(), settings.version());
		return new MemcachedStore(client, settings.name(), keys, generationCheckInterval, clock);
	}

	/** How the store's keys are formed from application keys: their {@link io.polycache.core.KeyEncoder} form. */
	public static KeyMapper keyMapper() {
		return KeyMapper.prefixed("");
	}

}
