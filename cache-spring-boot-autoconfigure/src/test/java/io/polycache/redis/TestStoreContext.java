package io.polycache.redis;

import java.time.Clock;
import java.time.Duration;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.NearSettings;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.StoreContext;
import io.polycache.spi.StoreEvents;
import io.polycache.spi.ValueCodec;

/**
 * What {@link RedisProvider#open} gets for a cache, as the assembler gives it: the cache's
 * settings and namespace, its serializer and events. Redis has no property group.
 */
record TestStoreContext(CacheSettings settings, StoreEvents events, ValueCodec<byte[]> serializer)
		implements StoreContext {

	/** A near tier of 1,000 entries, which makes the provider open its store in announcing mode. */
	static final NearSettings NEAR = new NearSettings(1_000, Duration.ZERO, EvictionPolicy.LRU);

	/** Events recorded nowhere: redis evicts and expires on the server. */
	static final StoreEvents NO_EVENTS = new StoreEvents() {

		@Override
		public void recordEviction() {
		}

		@Override
		public void recordExpirations(int count) {
		}

	};

	@Override
	public Clock clock() {
		return Clock.systemUTC();
	}

	@Override
	public KeyNamespace namespace() {
		return KeyNamespace.of(this.settings);
	}

	@Override
	public <T> T properties(Class<T> type) {
		throw new UnsupportedOperationException("redis has no property group");
	}

}
