package io.polycache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

import io.polycache.internal.Expiry;

/**
 * The writes of a redis store in announcing mode (a cache with a near tier): each is a Lua
 * script that makes the change and {@code PUBLISH}es it on the cache's invalidation channel
 * ({@link InvalidationMessages}) in one atomic step. So a change that reached redis always
 * reached the channel too: no connection can die between the two, and no instance is left
 * with a stale near copy because a message was never sent.
 * <p>A put is {@code SET .. [PX]}; a put-if-absent {@code SET .. NX GET [PX]}, announced
 * only when it stored; a removal {@code UNLINK}, every key announced whether or not it
 * existed (a near copy may outlive its entry); a clear batch {@code UNLINK} announced as
 * {@value InvalidationMessages#ALL}. A script's keys must share a slot in a cluster, so
 * removals are grouped by slot there, at most {@value NamespaceClear#BATCH} keys a script,
 * and several scripts go out in one pipeline, as the puts of a bulk write do.
 * <p>Immutable and thread-safe.
 */
final class AnnouncedWrites {

	/** {@code ARGV}: value, TTL in milliseconds ({@code 0}: none), channel. */
	private static final LuaScript PUT = new LuaScript("""
			if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[1])
			else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
			redis.call('PUBLISH', ARGV[3], KEYS[1])
			return 1""");

	/** {@code ARGV}: value, TTL in milliseconds ({@code 0}: none), channel; returns the value kept, if any. */
	private static final LuaScript PUT_IF_ABSENT = new LuaScript("""
			local kept
			if ARGV[2] == '0' then kept = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'GET')
			else kept = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'GET', 'PX', ARGV[2]) end
			if not kept then redis.call('PUBLISH', ARGV[3], KEYS[1]) end
			return kept""");

	/** {@code ARGV}: channel; returns how many keys existed. */
	private static final LuaScript REMOVE = new LuaScript("""
			local removed = redis.call('UNLINK', unpack(KEYS))
			for _, key in ipairs(KEYS) do redis.call('PUBLISH', ARGV[1], key) end
			return removed""");

	/** {@code ARGV}: channel, the clear message; returns how many keys existed. */
	private static final LuaScript CLEAR = new LuaScript("""
			local removed = redis.call('UNLINK', unpack(KEYS))
			redis.call('PUBLISH', ARGV[1], ARGV[2])
			return removed""");

	private final byte[] channel;

	AnnouncedWrites(byte[] channel) {
		this.channel = channel.clone();
	}

	/** The channel the writes are announced on. */
	byte[] channel() {
		return this.channel.clone();
	}

	void put(RedisConnection connection, byte[] key, byte[] value, Duration ttl) {
		PUT.run(connection, ReturnType.INTEGER, 1, key, value, millis(ttl), this.channel);
	}

	byte @Nullable [] putIfAbsent(RedisConnection connection, byte[] key, byte[] value, Duration ttl) {
		return PUT_IF_ABSENT.run(connection, ReturnType.VALUE, 1, key, value, millis(ttl), this.channel);
	}

	/** Puts every entry, one script each, in one pipeline. */
	void putAll(RedisConnection connection, Map<byte[], byte[]> entries, Duration ttl) {
		byte[] millis = millis(ttl);
		RedisStore.pipelined(connection, () -> entries
			.forEach((key, value) -> PUT.eval(connection, ReturnType.INTEGER, 1, key, value, millis, this.channel)));
	}

	/** Removes the keys, announcing each. */
	long remove(RedisConnection connection, List<byte[]> keys) {
		long removed = 0;
		for (Object count : runBySlot(connection, REMOVE, keys, this.channel)) {
			removed += (count instanceof Long number) ? number : 0;
		}
		return removed;
	}

	/**
	 * Removes a batch of a clear, announcing {@value InvalidationMessages#ALL}.
	 * @return how many of the keys existed
	 */
	long removeCleared(RedisConnection connection, List<byte[]> keys) {
		long removed = 0;
		for (Object count : runBySlot(connection, CLEAR, keys, this.channel, InvalidationMessages.all())) {
			removed += (count instanceof Long number) ? number : 0;
		}
		return removed;
	}

	/**
	 * Announces {@value InvalidationMessages#ALL} on its own: after a clear, for the near
	 * copies of entries that were no longer in redis.
	 */
	void announceAll(RedisConnection connection) {
		connection.publish(this.channel, InvalidationMessages.all());
	}

	/** Runs the script once per group of keys, several in one pipeline; returns the replies. */
	private static List<@Nullable Object> runBySlot(RedisConnection connection, LuaScript script, List<byte[]> keys,
			byte[]... args) {
		List<List<byte[]>> groups = groups(connection, keys);
		if (groups.size() == 1) {
			return Collections.singletonList(script.run(connection, ReturnType.INTEGER,
					groups.get(0).size(), keysAndArgs(groups.get(0), args)));
		}
		return RedisStore.pipelined(connection, () -> groups.forEach((group) -> script.eval(connection,
				ReturnType.INTEGER, group.size(), keysAndArgs(group, args))));
	}

	/** The keys in groups a script may take: sharing a slot in a cluster, and not too many. */
	static List<List<byte[]>> groups(RedisConnection connection, Collection<byte[]> keys) {
		Map<Integer, List<byte[]>> bySlot = new LinkedHashMap<>();
		boolean cluster = connection instanceof RedisClusterConnection;
		for (byte[] key : keys) {
			bySlot.computeIfAbsent(cluster ? ClusterSlotHashUtil.calculateSlot(key) : 0, (slot) -> new ArrayList<>())
				.add(key);
		}
		List<List<byte[]>> groups = new ArrayList<>();
		for (List<byte[]> group : bySlot.values()) {
			for (int from = 0; from < group.size(); from += NamespaceClear.BATCH) {
				groups.add(group.subList(from, Math.min(group.size(), from + NamespaceClear.BATCH)));
			}
		}
		return groups;
	}

	private static byte[][] keysAndArgs(List<byte[]> keys, byte[][] args) {
		byte[][] all = new byte[keys.size() + args.length][];
		for (int i = 0; i < keys.size(); i++) {
			all[i] = keys.get(i);
		}
		System.arraycopy(args, 0, all, keys.size(), args.length);
		return all;
	}

	private static byte[] millis(Duration ttl) {
		return RedisStore.bytes(Long.toString(ttl.isZero() ? 0 : Expiry.millis(ttl)));
	}

}
