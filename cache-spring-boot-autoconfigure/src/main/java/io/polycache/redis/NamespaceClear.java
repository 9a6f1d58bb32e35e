package io.polycache.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * Removes every key of one cache: {@code SCAN MATCH {namespace}* COUNT 1000} and
 * {@code UNLINK} of each batch found, on the one server or on every master of a cluster.
 * Never {@code KEYS}, which blocks the server while it walks the whole keyspace.
 * <p>Not atomic: an entry written while the scan runs may survive it, and other caches'
 * keys are never touched. {@code UNLINK} frees memory in the background, so a large cache
 * does not block the server either. The cost grows with the size of the whole database,
 * not of this cache: {@code SCAN} visits every key to match it.
 * <p>Immutable and thread-safe.
 */
final class NamespaceClear {

	/** Keys asked for per {@code SCAN} step, and removed per {@code UNLINK}. */
	static final int BATCH = 1_000;

	private final ScanOptions options;

	private final @Nullable AnnouncedWrites announced;

	/**
	 * Clears the namespace with plain {@code UNLINK}s or, with {@code announced}, with
	 * scripts that announce each batch removed, and announce the clear once more at the end
	 * for near copies of entries redis no longer held.
	 */
	NamespaceClear(byte[] namespace, @Nullable AnnouncedWrites announced) {
		this.options = ScanOptions.scanOptions().match(pattern(namespace)).count(BATCH).build();
		this.announced = announced;
	}

	/**
	 * Removes every key of the namespace reachable through this connection.
	 * @param removed hears each key removed, if not {@code null}: each key is then
	 * removed on its own, one command per key, so that only keys that existed are heard
	 * @return how many keys were removed
	 */
	long run(RedisConnection connection, @Nullable Consumer<byte[]> removed) {
		long count = unlinkScanned(connection, this.options, (key) -> true,
				(batch) -> unlink(connection, batch, removed));
		if (this.announced != null) {
			this.announced.announceAll(connection);
		}
		return count;
	}

	/**
	 * Scans the one server, or every master of a cluster, with {@code options}, and hands
	 * the keys {@code selected} accepts to {@code unlink} in batches of at most
	 * {@link #BATCH}: the walk a clear and an eviction by prefix share.
	 * @param unlink removes a batch (which it may empty) and answers how many keys it removed
	 * @return how many keys were removed
	 */
	static long unlinkScanned(RedisConnection connection, ScanOptions options, Predicate<byte[]> selected,
			ToLongFunction<List<byte[]>> unlink) {
		if (!(connection instanceof RedisClusterConnection cluster)) {
			return unlinkAll(connection.keyCommands().scan(options), selected, unlink);
		}
		long count = 0;
		for (RedisClusterNode node : cluster.clusterGetNodes()) {
			if (node.isMaster()) {
				count += unlinkAll(cluster.scan(node, options), selected, unlink);
			}
		}
		return count;
	}

	private static long unlinkAll(Cursor<byte[]> keys, Predicate<byte[]> selected,
			ToLongFunction<List<byte[]>> unlink) {
		long count = 0;
		try (keys) {
			List<byte[]> batch = new ArrayList<>(BATCH);
			while (keys.hasNext()) {
				byte[] key = keys.next();
				if (selected.test(key)) {
					batch.add(key);
				}
				if (batch.size() == BATCH) {
					count += unlink.applyAsLong(batch);
					batch.clear();
				}
			}
			if (!batch.isEmpty()) {
				count += unlink.applyAsLong(batch);
			}
		}
		return count;
	}

	private long unlink(RedisConnection connection, List<byte[]> batch, @Nullable Consumer<byte[]> removed) {
		return (removed != null) ? unlinkEach(connection, this.announced, batch, removed) : unlink(connection, batch);
	}

	/**
	 * Removes the keys one command each (announced, with {@code announced}, each as
	 * itself), so that {@code removed} hears exactly the keys that existed.
	 * @return how many existed
	 */
	static long unlinkEach(RedisConnection connection, @Nullable AnnouncedWrites announced, List<byte[]> keys,
			Consumer<byte[]> removed) {
		long count = 0;
		for (byte[] key : keys) {
			Long existed = (announced != null) ? Long.valueOf(announced.remove(connection, List.of(key)))
					: connection.keyCommands().unlink(key);
			if (existed != null && existed > 0) {
				removed.accept(key);
				count++;
			}
		}
		return count;
	}

	private long unlink(RedisConnection connection, List<byte[]> keys) {
		if (this.announced != null) {
			return this.announced.removeCleared(connection, keys);
		}
		// In a cluster, the client splits a batch spanning several slots into one UNLINK per slot.
		Long count = connection.keyCommands().unlink(keys.toArray(new byte[0][]));
		return (count != null) ? count : 0;
	}

	/** The namespace with glob characters escaped, then {@code *}. */
	static byte[] pattern(byte[] namespace) {
		byte[] pattern = new byte[namespace.length * 2 + 1];
		int length = 0;
		for (byte b : namespace) {
			if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
				pattern[length++] = '\\';
			}
			pattern[length++] = b;
		}
		pattern[length++] = '*';
		return Arrays.copyOf(pattern, length);
	}

}
