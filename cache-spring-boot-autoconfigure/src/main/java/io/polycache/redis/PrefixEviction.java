package io.polycache.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
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

	/**
	 * @param removed hears each key removed, if not {@code null}: the keys are then
	 * removed one command each (see {@link NamespaceClear#unlinkEach})
	 * @return how many keys were removed
	 */
	long run(RedisConnection connection, StringKeyPrefix prefix, @Nullable Consumer<byte[]> removed) {
		long count = 0;
		for (String start : prefix.starts()) {
			ScanOptions options = ScanOptions.scanOptions()
				.match(NamespaceClear.pattern(RedisStore.bytes(start)))
				.count(NamespaceClear.BATCH)
				.build();
			count += NamespaceClear.unlinkScanned(connection, options,
					(key) -> prefix.matches(new String(key, StandardCharsets.UTF_8)),
					(batch) -> unlink(connection, batch, removed));
		}
		if (this.announced != null) {
			this.announced.announceAll(connection);
		}
		return count;
	}

	private long unlink(RedisConnection connection, List<byte[]> batch, @Nullable Consumer<byte[]> heard) {
		if (heard != null) {
			return NamespaceClear.unlinkEach(connection, this.announced, batch, heard);
		}
		Long removed = (this.announced != null) ? this.announced.remove(connection, List.copyOf(batch))
				: connection.keyCommands().unlink(batch.toArray(new byte[0][]));
		return (removed != null) ? removed : 0;
	}

}
