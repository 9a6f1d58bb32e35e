package io.polycache.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

/**
 * A Lua script run on the server as one atomic step: {@code EVALSHA}, and {@code EVAL} when
 * the server answers {@code NOSCRIPT} (first use on that server, or after
 * {@code SCRIPT FLUSH}), which also loads it into the server's script cache. In a cluster,
 * the client sends it to the master of its first key's slot, and every key it names must
 * hash to that slot.
 * <p>Immutable and thread-safe.
 */
final class LuaScript {

	private final byte[] body;

	private final String sha1;

	LuaScript(String body) {
		this.body = body.getBytes(StandardCharsets.UTF_8);
		this.sha1 = sha1(this.body);
	}

	/** Runs the script, its first {@code keyCount} arguments being keys. */
	@Nullable <T> T run(RedisConnection connection, ReturnType type, int keyCount, byte[]... keysAndArgs) {
		try {
			return connection.scriptingCommands().evalSha(this.sha1, type, keyCount, keysAndArgs);
		}
		catch (DataAccessException ex) {
			if (!mentions(ex, "NOSCRIPT")) {
				throw ex;
			}
			return eval(connection, type, keyCount, keysAndArgs);
		}
	}

	/**
	 * Runs the script with {@code EVAL}, for a pipeline: its replies come only when the
	 * pipeline closes, too late to retry a {@code NOSCRIPT}.
	 */
	@Nullable <T> T eval(RedisConnection connection, ReturnType type, int keyCount, byte[]... keysAndArgs) {
		return connection.scriptingCommands().eval(this.body, type, keyCount, keysAndArgs);
	}

	/** Whether the failure, or one of its causes, has this text in its message. */
	static boolean mentions(Throwable failure, String text) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains(text)) {
				return true;
			}
		}
		return false;
	}

	private static String sha1(byte[] script) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required of every Java platform", ex);
		}
	}

}
