package io.polycache.redis;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

import io.polycache.core.ExtendedCache;
import io.polycache.internal.Expiry;

/**
 * A redis store's touch and remaining TTL, one round trip each. A touch is
 * {@code PEXPIRE}, which changes only a key that exists; a touch to "never expires" is
 * {@code PERSIST} inside a small script that first checks the key exists, since
 * {@code PERSIST} alone cannot tell a missing key from one without a TTL. In announcing
 * mode (a cache with a near tier), every touch is that script, which also
 * {@code PUBLISH}es the key on the cache's invalidation channel when it touched it, in the
 * same atomic step, so that other instances drop a near copy with the old time to live.
 * The remaining TTL is {@code PTTL}: {@code -2} for no key, {@code -1} for no TTL. Each
 * script names one key, so it runs on that key's master in a cluster.
 * <p>Immutable and thread-safe.
 */
final class RedisExpiry {

	/** {@code ARGV}: TTL in milliseconds ({@code 0}: none), channel ({@code ''}: announce nothing). */
	private static final LuaScript TOUCH = new LuaScript("""
			local live
			if ARGV[1] == '0' then
				live = redis.call('EXISTS', KEYS[1]) == 1
				if live then redis.call('PERSIST', KEYS[1]) end
			else live = redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 1 end
			if not live then return 0 end
			if ARGV[2] ~= '' then redis.call('PUBLISH', ARGV[2], KEYS[1]) end
			return 1""");

	private static final byte[] NO_CHANNEL = new byte[0];

	private final byte[] channel;

	/** Touches that announce on this channel, or nothing if it is {@code null}. */
	RedisExpiry(byte @Nullable [] channel) {
		this.channel = (channel != null) ? channel : NO_CHANNEL;
	}

	boolean touch(RedisConnection connection, byte[] key, Duration ttl) {
		if (!ttl.isZero() && this.channel.length == 0) {
			return Boolean.TRUE.equals(connection.keyCommands().pExpire(key, Expiry.millis(ttl)));
		}
		Long touched = TOUCH.run(connection, ReturnType.INTEGER, 1, key,
				RedisStore.bytes(Long.toString(Expiry.millis(ttl))), this.channel);
		return touched != null && touched == 1;
	}

	Optional<Duration> timeToLive(RedisConnection connection, byte[] key) {
		Long millis = connection.keyCommands().pTtl(key);
		if (millis == null || millis == -2) {
			return Optional.empty();
		}
		return Optional.of((millis == -1) ? ExtendedCache.NEVER_EXPIRES : Duration.ofMillis(Math.max(1, millis)));
	}

}
