package io.polycache.redis;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.Leases;

/**
 * Opens redis stores outside the auto-configuration (benchmarks, tests); an application
 * gets them from {@link RedisProvider}. The store itself stays package-private.
 */
public final class RedisStores {

	private RedisStores() {
	}

	/**
	 * A store for the cache of that namespace, talking to redis through
	 * {@code connectionFactory}: every key it holds starts with the namespace's
	 * {@link KeyNamespace#prefix() prefix}, and {@code clear} removes only those.
	 */
	public static ByteStore create(KeyNamespace namespace, RedisConnectionFactory connectionFactory) {
		return new RedisStore(namespace.prefix(), connectionFactory, null);
	}

	/**
	 * The same store in announcing mode, as a cache with a near tier gets it: each write is a
	 * script that also announces the change on the namespace's invalidation channel, in the
	 * same atomic step.
	 */
	public static ByteStore announcing(KeyNamespace namespace, RedisConnectionFactory connectionFactory) {
		return new RedisStore(namespace.prefix(), connectionFactory,
				new AnnouncedWrites(new InvalidationMessages(namespace).channel()));
	}

	/**
	 * The leases of the cache of that namespace, as {@link RedisProvider} gives them: one
	 * string with a millisecond TTL per lease key, {@link KeyNamespace#leaseKeys()}.
	 */
	public static Leases leases(KeyNamespace namespace, RedisConnectionFactory connectionFactory) {
		return new Leases(new RedisLeaseStore(connectionFactory), namespace.leaseKeys());
	}

	/** The pub/sub channel the announcing store of that namespace announces its changes on. */
	public static String invalidationChannel(KeyNamespace namespace) {
		return namespace.prefix() + InvalidationMessages.CHANNEL_SUFFIX;
	}

}
