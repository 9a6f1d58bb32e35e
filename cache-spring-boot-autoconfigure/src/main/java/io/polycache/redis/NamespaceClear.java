package io.polycache.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * <p>Stateless and thread-safe.
 */
final class NamespaceClear {

	/** Keys asked for per {@code SCAN} step, and removed per {@code UNLINK}. */
	static final int BATCH = 1_000;

	private final ScanOptions options;

	NamespaceClear(byte[] namespace) {
		this.options = ScanOptions.scanOptions().match(pattern(namespace)).count(BATCH).build();
	}

	/** Removes every key of the namespace reachable through this connection. */
	void run(RedisConnection connection) {
		if (connection instanceof RedisClusterConnection cluster) {
			for (RedisClusterNode node : cluster.clusterGetNodes()) {
				if (node.isMaster()) {
					unlinkAll(connection, cluster.scan(node, this.options));
				}
			}
		}
		else {
			unlinkAll(connection, connection.keyCommands().scan(this.options));
		}
	}

	private static void unlinkAll(RedisConnection connection, Cursor<byte[]> keys) {
		try (keys) {
			List<byte[]> batch = new ArrayList<>(BATCH);
			while (keys.hasNext()) {
				batch.add(keys.next());
				if (batch.size() == BATCH) {
					unlink(connection, batch);
				}
			}
			unlink(connection, batch);
		}
	}

	private static void unlink(RedisConnection connection, List<byte[]> batch) {
		if (!batch.isEmpty()) {
			// In a cluster, the client splits a batch spanning several slots into one UNLINK per slot.
			connection.keyCommands().unlink(batch.toArray(new byte[0][]));
			batch.clear();
		}
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
