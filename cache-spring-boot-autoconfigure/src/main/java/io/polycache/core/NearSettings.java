package io.polycache.core;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * The near tier of a cache on a shared store ({@code cache.backends.<name>.near.*}): a
 * local-memory copy of recently read entries, so that reads which hit it never reach the
 * shared store.
 *
 * @param maxEntries the most entries the near tier holds; {@code 0} means no near tier
 * @param ttl how long a near copy lives after it was read from the shared store or
 * written; {@link Duration#ZERO} means until it is invalidated or evicted
 * @param eviction which entry a full near tier evicts
 */
public record NearSettings(long maxEntries, Duration ttl, EvictionPolicy eviction) {

	/** No near tier. */
	public static final NearSettings OFF = new NearSettings(0, Duration.ZERO, CacheSettings.DEFAULT_EVICTION);

	public NearSettings {
		Assert.isTrue(maxEntries >= 0, () -> "near.max-entries must not be negative: " + maxEntries);
		Assert.isTrue(!ttl.isNegative(), () -> "near.ttl must not be negative: " + ttl);
	}

	/** Whether the cache has a near tier. */
	public boolean enabled() {
		return this.maxEntries > 0;
	}

}
