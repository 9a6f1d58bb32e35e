package io.polycache.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

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
 * <p>Server errors become the exceptions of the {@code CacheStore} contract: a key holding
 * something other than a decimal integer is an {@link IllegalStateException}, an overflow an
 * {@link ArithmeticException}. Stateless and thread-safe.
 */
final class Counters {

	private static final String SCRIPT = """
			local created = redis.call('EXISTS', KEYS[1]) == 0
			local value = redis.call('INCRBY', KEYS[1], ARGV[1])
			if created then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			return value""";

	private static final byte[] SCRIPT_BYTES = SCRIPT.getBytes(StandardCharsets.UTF_8);

	private static final String SCRIPT_SHA1 = sha1(SCRIPT);

	long increment(RedisConnection connection, byte[] key, long delta, Duration ttlIfCreated) {
		try {
			Long value = ttlIfCreated.isZero() ? connection.stringCommands().incrBy(key, delta)
					: incrementWithTtl(connection, key, delta, ttlIfCreated);
			if (value == null) {
				throw new IllegalStateException("Redis returned no value for INCRBY");
			}
			return value;
		}
		catch (DataAccessException ex) {
			throw translate(ex, key);
		}
	}

	private static @Nullable Long incrementWithTtl(RedisConnection connection, byte[] key, long delta, Duration ttl) {
		byte[][] keyAndArgs = { key, ascii(delta), ascii(Expiry.millis(ttl)) };
		try {
			return connection.scriptingCommands().evalSha(SCRIPT_SHA1, ReturnType.INTEGER, 1, keyAndArgs);
		}
		catch (DataAccessException ex) {
			if (!mentions(ex, "NOSCRIPT")) {
				throw ex;
			}
			// First use on this server (or after SCRIPT FLUSH): EVAL loads it into the script cache.
			return connection.scriptingCommands().eval(SCRIPT_BYTES, ReturnType.INTEGER, 1, keyAndArgs);
		}
	}

	private static RuntimeException translate(DataAccessException ex, byte[] key) {
		if (mentions(ex, "not an integer")) {
			return new IllegalStateException("Cannot increment key " + new String(key, StandardCharsets.UTF_8)
					+ ": it holds a value that is not a counter", ex);
		}
		if (mentions(ex, "overflow")) {
			ArithmeticException overflow = new ArithmeticException(
					"Incrementing key " + new String(key, StandardCharsets.UTF_8) + " overflows a long");
			overflow.initCause(ex);
			return overflow;
		}
		return ex;
	}

	private static boolean mentions(Throwable failure, String text) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains(text)) {
				return true;
			}
		}
		return false;
	}

	private static byte[] ascii(long number) {
		return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
	}

	private static String sha1(String script) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1")
				.digest(script.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required of every Java platform", ex);
		}
	}

}
