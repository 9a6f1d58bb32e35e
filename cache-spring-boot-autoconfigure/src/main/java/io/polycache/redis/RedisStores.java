package io.polycache.redis;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.polycache.core.CacheSettings;
import io.polycache.core.CacheStore;
import io.polycache.core.KeyEncoder;
import io.polycache.core.KeyMapper;

/**
 * Creates redis stores and the key mapper that goes with them. The store itself stays
 * package-private; this is the one way in.
 * <p>Every key of a cache starts with its namespace,
 * {@code {key-prefix}{cache}:k2:{version}:}, so caches sharing a server never see each
 * other's entries, and bumping {@code version} orphans a cache's old data. {@code k2} is
 * the key format ({@link KeyEncoder#FORMAT}): keys written by an older format sit under
 * other names and are never read.
 */
public final class RedisStores {

	private RedisStores() {
	}

	/** A store for one cache, talking to redis through {@code connectionFactory}. */
	public static CacheStore create(CacheSettings settings, RedisConnectionFactory connectionFactory) {
		return new RedisStore(namespace(settings), connectionFactory);
	}

	/** Keys as {@code {key-prefix}{cache}:k2:{version}:{key}}, the key as {@link KeyEncoder} writes it. */
	public static KeyMapper keyMapper(CacheSettings settings) {
		return KeyMapper.prefixed(namespace(settings));
	}

	/** The part every key of this cache starts with: {@code {key-prefix}{cache}:k2:{version}:}. */
	public static String namespace(CacheSettings settings) {
		return settings.keyPrefix() + settings.name() + ":" + KeyEncoder.FORMAT + ":" + settings.version() + ":";
	}

}
