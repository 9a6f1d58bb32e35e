package io.polycache.redis;

import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.types.Expiration;

import io.polycache.internal.Expiry;
import io.polycache.internal.LeaseBytes;
import io.polycache.spi.LeaseStore;

/**
 * Leases as redis strings, under the lease keys of the cache's namespace
 * ({@link io.polycache.spi.KeyNamespace#leaseKeys()}), each with the server's millisecond
 * TTL ({@code PX}), so a lease whose holder died is gone when its TTL ends.
 * <p>A read is one {@code GET}. Taking a free lease is one {@code SET .. NX PX}; changing
 * or removing a held one is one script ({@code EVALSHA}) that compares the value and then
 * {@code SET}s it with {@code PX} or {@code DEL}etes it, atomically on the server. A value
 * at a lease key that is no lease value ({@link LeaseBytes}: binary, or too long) reads
 * as free, and is taken over by the same compare-and-set script, compared with the bytes
 * found: a {@code GET} and a script more. In a cluster each lease key hashes to its own
 * slot, as entry keys do, and every command names one key.
 * <p>Lease keys are not entries: they do not start with the namespace's
 * {@link io.polycache.spi.KeyNamespace#prefix() prefix}, so the store's {@code clear}
 * leaves them alone, and they expire by themselves.
 * <p>Thread-safe: each call borrows a connection from the factory for its own use, and is
 * bounded by the client's command timeout ({@code spring.data.redis.timeout}).
 */
final class RedisLeaseStore implements LeaseStore {

	/** {@code ARGV}: the value expected, the new value, its TTL in milliseconds. */
	private static final LuaScript REPLACE = new LuaScript("""
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
			return 1""");

	/** {@code ARGV}: the value expected. */
	private static final LuaScript REMOVE = new LuaScript("""
			if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
			redis.call('DEL', KEYS[1])
			return 1""");

	/** How often taking a free lease is tried when what holds the key keeps changing. */
	private static final int MAX_ATTEMPTS = 4;

	private final RedisConnectionFactory connectionFactory;

	RedisLeaseStore(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@Override
	public @Nullable String get(String key) {
		return LeaseBytes.decode(execute((connection) -> connection.stringCommands().get(RedisStore.bytes(key))));
	}

	@Override
	public boolean compareAndSet(String key, @Nullable String expected, @Nullable String update, Duration ttl) {
		LeaseBytes.checkTtl(ttl);
		byte[] value = (update != null) ? LeaseBytes.encode(update) : null;
		byte[] millis = RedisStore.bytes(Long.toString(Expiry.millis(ttl)));
		byte[] leaseKey = RedisStore.bytes(key);
		if (expected == null) {
			return (value != null) ? take(leaseKey, value, ttl, millis) : get(key) == null;
		}
		if (expected.length() > MAX_VALUE_LENGTH) {
			return false;
		}
		byte[] old = LeaseBytes.encode(expected);
		Long changed = execute((connection) -> (value != null)
				? REPLACE.run(connection, ReturnType.INTEGER, 1, leaseKey, old, value, millis)
				: REMOVE.run(connection, ReturnType.INTEGER, 1, leaseKey, old));
		return changed != null && changed == 1;
	}

	/** Takes a free lease: one {@code SET NX}, unless the key holds something that is no lease. */
	private boolean take(byte[] leaseKey, byte[] value, Duration ttl, byte[] millis) {
		Expiration expiration = Expiration.milliseconds(Expiry.millis(ttl));
		return Boolean.TRUE.equals(execute((connection) -> {
			for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
				if (Boolean.TRUE.equals(
						connection.stringCommands().set(leaseKey, value, expiration, SetOption.ifAbsent()))) {
					return true;
				}
				byte[] found = connection.stringCommands().get(leaseKey);
				if (found == null) {
					// Released or expired since the SET: try again.
					continue;
				}
				if (LeaseBytes.decode(found) != null) {
					return false;
				}
				Long replaced = REPLACE.run(connection, ReturnType.INTEGER, 1, leaseKey, found, value, millis);
				if (replaced != null && replaced == 1) {
					return true;
				}
			}
			// Others kept changing the key: as good as held.
			return false;
		}));
	}

	private <T> @Nullable T execute(Function<RedisConnection, @Nullable T> action) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return action.apply(connection);
		}
	}

	@Override
	public String toString() {
		return "redis leases";
	}

}
