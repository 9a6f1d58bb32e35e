package io.polycache.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import io.polycache.spi.StringKeyPrefix;

/**
 * Removes the keys of one cache that hold a {@code String} key with a given prefix:
 * {@code SCAN MATCH} for each of the {@link StringKeyPrefix#starts()} (glob characters
 * escaped, as {@link NamespaceClear} escapes them) with {@code COUNT}
 * {@value NamespaceClear#BATCH}, on the one server or on every master of a cluster; each
 * key found is checked exactly ({@link StringKeyPrefix#matches}), and the matches go in
 * {@code UNLINK}s of at most {@value NamespaceClear#BATCH} keys. Never {@code KEYS}.
 * <p>In announcing mode, each batch is removed by the script that announces every key it
 * names, and a clear is announced once more at the end, for near copies of entries redis
 * no longer held. Not atomic: an entry written while the scan runs may survive it. As with
 * a clear, {@code SCAN} visits every key of the database, once per start.
 * <p>Immutable and thread-safe.
 */
final class PrefixEviction {

	private final @Nullable AnnouncedWrites announced;

	PrefixEviction(@Nullable AnnouncedWrites announced) {
		this.announced = announced;
	}

	/** @return how many keys were removed */
	long run(RedisConnection connection, StringKeyPrefix prefix) {
		long removed = 0;
		for (String start : prefix.starts()) {
			ScanOptions options = ScanOptions.scanOptions()
				.match(NamespaceClear.pattern(RedisStore.bytes(start)))
				.count(NamespaceClear.BATCH)
				.build();
			if (connection instanceof RedisClusterConnection cluster) {
				for (RedisClusterNode node : cluster.clusterGetNodes()) {
					if (node.isMaster()) {
						removed += removeAll(connection, cluster.scan(node, options), prefix);
					}
				}
			}
			else {
				removed += removeAll(connection, connection.keyCommands().scan(options), prefix);
			}
		}
		if (this.announced != null) {
			this.announced.announceAll(connection);
		}
		return removed;
	}

	private long removeAll(RedisConnection connection, Cursor<byte[]> keys, StringKeyPrefix prefix) {
		long removed = 0;
		try (keys) {
			List<byte[]> batch = new ArrayList<>(NamespaceClear.BATCH);
			while (keys.hasNext()) {
				byte[] key = keys.next();
				if (prefix.matches(new String(key, StandardCharsets.UTF_8))) {
					batch.add(key);
				}
				if (batch.size() == NamespaceClear.BATCH) {
					removed += unlink(connection, batch);
				}
			}
			removed += unlink(connection, batch);
		}
		return removed;
	}

	private long unlink(RedisConnection connection, List<byte[]> batch) {
		if (batch.isEmpty()) {
			return 0;
		}
		Long removed = (this.announced != null) ? this.announced.remove(connection, List.copyOf(batch))
				: connection.keyCommands().unlink(batch.toArray(new byte[0][]));
		batch.clear();
		return (removed != null) ? removed : 0;
	}

}
