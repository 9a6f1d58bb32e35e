package io.polycache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

import io.polycache.internal.Expiry;

/**
 * Native redis counters: {@code INCRBY}, which keeps the key's TTL. A counter created with a
 * TTL gets it in the same atomic step, from a script that increments and sets
 * {@code PEXPIRE} only when the key did not exist, so concurrent increments never leave a
 * new counter without its TTL or reset an existing one's.
 * <p>In announcing mode (a cache with a near tier), both paths are scripts that also
 * {@code PUBLISH} the key on the cache's invalidation channel, in the same atomic step.
 * <p>Server errors become the exceptions of the {@code CacheStore} contract: a key holding
 * something other than a decimal integer is an {@link IllegalStateException}, an overflow an
 * {@link ArithmeticException}. Immutable and thread-safe.
 */
final class Counters {

	private static final LuaScript INCREMENT_WITH_TTL = new LuaScript("""
			local created = redis.call('EXISTS', KEYS[1]) == 0
			local value = redis.call('INCRBY', KEYS[1], ARGV[1])
			if created then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			return value""");

	/** The same, announced: {@code ARGV[3]} is the channel; a {@code PEXPIRE} of 0 means none. */
	private static final LuaScript ANNOUNCED_INCREMENT = new LuaScript("""
			local created = redis.call('EXISTS', KEYS[1]) == 0
			local value = redis.call('INCRBY', KEYS[1], ARGV[1])
			if created and ARGV[2] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			redis.call('PUBLISH', ARGV[3], KEYS[1])
			return value""");

	private final byte @Nullable [] channel;

	/** Counters that announce nothing. */
	Counters() {
		this(null);
	}

	/** Counters that announce each change on this channel, or nothing if it is {@code null}. */
	Counters(byte @Nullable [] channel) {
		this.channel = channel;
	}

	long increment(RedisConnection connection, byte[] key, long delta, Duration ttlIfCreated) {
		try {
			Long value = incrementOnServer(connection, key, delta, ttlIfCreated);
			if (value == null) {
				throw new IllegalStateException("Redis returned no value for INCRBY");
			}
			return value;
		}
		catch (DataAccessException ex) {
			throw translate(ex, key);
		}
	}

	private @Nullable Long incrementOnServer(RedisConnection connection, byte[] key, long delta, Duration ttl) {
		if (this.channel == null && ttl.isZero()) {
			return connection.stringCommands().incrBy(key, delta);
		}
		byte[] millis = ascii(ttl.isZero() ? 0 : Expiry.millis(ttl));
		if (this.channel != null) {
			return ANNOUNCED_INCREMENT.run(connection, ReturnType.INTEGER, 1, key, ascii(delta), millis, this.channel);
		}
		return INCREMENT_WITH_TTL.run(connection, ReturnType.INTEGER, 1, key, ascii(delta), millis);
	}

	private static RuntimeException translate(DataAccessException ex, byte[] key) {
		if (LuaScript.mentions(ex, "not an integer")) {
			return new IllegalStateException("Cannot increment key " + new String(key, StandardCharsets.UTF_8)
					+ ": it holds a value that is not a counter", ex);
		}
		if (LuaScript.mentions(ex, "overflow")) {
			ArithmeticException overflow = new ArithmeticException(
					"Incrementing key " + new String(key, StandardCharsets.UTF_8) + " overflows a long");
			overflow.initCause(ex);
			return overflow;
		}
		return ex;
	}

	private static byte[] ascii(long number) {
		return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
	}

}
