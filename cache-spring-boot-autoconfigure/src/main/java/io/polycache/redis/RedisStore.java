package io.polycache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.SetCondition;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.util.Assert;

import io.polycache.core.RemovalCause;
import io.polycache.internal.Expiry;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.ByteStore;
import io.polycache.spi.StoreEvents;
import io.polycache.spi.StringKeyPrefix;

/**
 * A {@link ByteStore} whose entries are redis strings: store keys (already carrying the
 * cache's namespace) as UTF-8, values as the bytes the cache's codec made.
 * <p>Every operation is one command or one round trip: {@code SET .. PX} for a put,
 * {@code SET .. NX GET PX} for {@code putIfAbsent} (atomic on the server; Redis 7.0 or
 * later), {@code MGET} for a bulk read, a pipeline of {@code SET}s for a bulk write,
 * {@code UNLINK} for removals, and {@code INCRBY} for counters, inside a small script when
 * a new counter must get its TTL in the same atomic step. TTLs are the server's, in
 * milliseconds; {@link Duration#ZERO} leaves the key without a TTL. The server reclaims
 * expired keys itself, so {@link #removeExpired()} has nothing to do, and {@link #size()}
 * is unknown: counting would mean scanning the keyspace.
 * <p>In announcing mode (a cache with a near tier), every write is instead a small script
 * that also announces the change on the cache's invalidation channel in the same atomic
 * step ({@link AnnouncedWrites}); reads are the same.
 * <p>Thread-safe: each call borrows a connection from the factory for its own use. Each
 * call is bounded by the client's command timeout ({@code spring.data.redis.timeout});
 * the auto-configuration wraps the store in an {@link io.polycache.internal.OutageGuardStore},
 * so that while redis is unreachable calls fail at once instead of each waiting for that
 * timeout ({@link RedisOutages} says which failures count).
 */
final class RedisStore implements ByteStore {

	private final String namespace;

	private final RedisConnectionFactory connectionFactory;

	private final NamespaceClear clear;

	private final Counters counters;

	private final @Nullable AnnouncedWrites announced;

	private final RedisRemovals removals;

	private final @Nullable AutoCloseable expirations;

	private final RedisExpiry expiry;

	private final PrefixEviction prefixEviction;

	/**
	 * A store whose writes are plain commands, or, with {@code announced}, scripts that
	 * announce each change on the cache's invalidation channel (announcing mode).
	 */
	RedisStore(String namespace, RedisConnectionFactory connectionFactory, @Nullable AnnouncedWrites announced) {
		this(namespace, connectionFactory, announced, new StatsCounter(), null);
	}

	/**
	 * As the other constructor, counting and reporting its removals to {@code events}.
	 * @param expirations the subscription to the server's expiry notifications, if any;
	 * closed with the store
	 */
	RedisStore(String namespace, RedisConnectionFactory connectionFactory, @Nullable AnnouncedWrites announced,
			StoreEvents events, @Nullable AutoCloseable expirations) {
		Assert.hasText(namespace, "Namespace must not be empty");
		this.removals = new RedisRemovals(events);
		this.expirations = expirations;
		this.namespace = namespace;
		this.connectionFactory = connectionFactory;
		this.announced = announced;
		this.clear = new NamespaceClear(bytes(namespace), announced);
		this.counters = new Counters((announced != null) ? announced.channel() : null);
		this.expiry = new RedisExpiry((announced != null) ? announced.channel() : null);
		this.prefixEviction = new PrefixEviction(announced);
	}

	@Override
	public byte @Nullable [] get(String key) {
		return execute(connection -> connection.stringCommands().get(key(key)));
	}

	@Override
	public boolean contains(String key) {
		return Boolean.TRUE.equals(execute(connection -> connection.keyCommands().exists(key(key))));
	}

	/** {@code PEXPIRE}, or {@code PERSIST} in a script; announced in announcing mode ({@link RedisExpiry}). */
	@Override
	public boolean touch(String key, Duration ttl) {
		return Boolean.TRUE.equals(execute(connection -> this.expiry.touch(connection, key(key), ttl)));
	}

	/** {@code PTTL}. */
	@Override
	public Optional<Duration> timeToLive(String key) {
		Optional<Duration> left = execute(connection -> this.expiry.timeToLive(connection, key(key)));
		return (left != null) ? left : Optional.empty();
	}

	/** {@code SCAN} and {@code UNLINK} of the matching keys only; see {@link PrefixEviction}. */
	@Override
	public int removeByPrefix(String prefix) {
		StringKeyPrefix matching = StringKeyPrefix.of(this.namespace, prefix);
		RedisRemovals removals = this.removals;
		Long removed = execute(connection -> this.prefixEviction.run(connection, matching,
				removals.reporting() ? (key) -> removals.report(RemovalCause.EXPLICIT, key) : null));
		int count = (removed != null) ? Math.toIntExact(removed) : 0;
		removals.count(RemovalCause.EXPLICIT, count);
		return count;
	}

	@Override
	public void put(String key, byte[] value, Duration ttl) {
		AnnouncedWrites announced = this.announced;
		execute(connection -> {
			if (announced != null) {
				announced.put(connection, key(key), value, ttl);
			}
			else {
				connection.stringCommands().set(key(key), value, expiration(ttl), SetOption.upsert());
			}
			return null;
		});
	}

	@Override
	public byte @Nullable [] putIfAbsent(String key, byte[] value, Duration ttl) {
		AnnouncedWrites announced = this.announced;
		return execute(connection -> (announced != null) ? announced.putIfAbsent(connection, key(key), value, ttl)
				: connection.stringCommands().setGet(key(key), value, SetCondition.ifAbsent(), expiration(ttl)));
	}

	@Override
	public boolean remove(String key) {
		return removeAll(List.of(key)) > 0;
	}

	@Override
	public void clear() {
		RedisRemovals removals = this.removals;
		Long cleared = execute(connection -> this.clear.run(connection,
				removals.reporting() ? (key) -> removals.report(RemovalCause.CLEARED, key) : null));
		removals.count(RemovalCause.CLEARED, (cleared != null) ? cleared : 0);
	}

	@Override
	public long increment(String key, long delta, Duration ttlIfCreated) {
		return execute(connection -> this.counters.increment(connection, key(key), delta, ttlIfCreated));
	}

	@Override
	public Map<String, byte[]> getAll(Collection<? extends String> keys) {
		Map<String, byte[]> found = new LinkedHashMap<>();
		if (keys.isEmpty()) {
			return found;
		}
		List<byte[]> values = execute(connection -> connection.stringCommands().mGet(keys(keys)));
		Iterator<? extends String> keyIterator = keys.iterator();
		for (byte[] value : (values != null) ? values : List.<byte[]>of()) {
			String key = keyIterator.next();
			if (value != null) {
				found.put(key, value);
			}
		}
		return found;
	}

	@Override
	public void putAll(Map<? extends String, ? extends byte[]> entries, Duration ttl) {
		if (entries.size() <= 1) {
			entries.forEach((key, value) -> put(key, value, ttl));
			return;
		}
		AnnouncedWrites announced = this.announced;
		Expiration expiration = expiration(ttl);
		execute(connection -> {
			if (announced != null) {
				Map<byte[], byte[]> bytes = new LinkedHashMap<>();
				entries.forEach((key, value) -> bytes.put(key(key), value));
				announced.putAll(connection, bytes, ttl);
			}
			else {
				pipelined(connection, () -> entries.forEach((key, value) -> connection.stringCommands()
					.set(key(key), value, expiration, SetOption.upsert())));
			}
			return null;
		});
	}

	@Override
	public int removeAll(Collection<? extends String> keys) {
		if (keys.isEmpty()) {
			return 0;
		}
		if (keys.size() > 1 && this.removals.reporting()) {
			// One command per key, to know which existed: only while someone listens.
			int removed = 0;
			for (String key : keys) {
				removed += removeAll(List.of(key));
			}
			return removed;
		}
		AnnouncedWrites announced = this.announced;
		Long unlinked = execute(connection -> (announced != null) ? announced.remove(connection, List.of(keys(keys)))
				: connection.keyCommands().unlink(keys(keys)));
		int removed = (unlinked != null) ? Math.toIntExact(unlinked) : 0;
		this.removals.count(RemovalCause.EXPLICIT, removed);
		if (removed > 0 && keys.size() == 1) {
			this.removals.report(RemovalCause.EXPLICIT, keys.iterator().next());
		}
		return removed;
	}

	/** Ends the subscription to the server's expiry notifications, if there is one. */
	@Override
	public void close() {
		if (this.expirations != null) {
			try {
				this.expirations.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not end the expiry notifications of " + this, ex);
			}
		}
	}

	/**
	 * Runs the commands in one pipeline: sends what they queued and waits for every reply; a
	 * failed command fails the call.
	 * @return the replies, in order
	 */
	static List<@Nullable Object> pipelined(RedisConnection connection, Runnable commands) {
		connection.openPipeline();
		try {
			commands.run();
		}
		catch (RuntimeException ex) {
			try {
				connection.closePipeline();
			}
			catch (RuntimeException closing) {
				ex.addSuppressed(closing);
			}
			throw ex;
		}
		return connection.closePipeline();
	}

	private <T> @Nullable T execute(Function<RedisConnection, @Nullable T> action) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return action.apply(connection);
		}
	}

	private static byte[] key(String key) {
		return bytes(key);
	}

	private static byte[][] keys(Collection<? extends String> keys) {
		byte[][] bytes = new byte[keys.size()][];
		int i = 0;
		for (String key : keys) {
			bytes[i++] = key(key);
		}
		return bytes;
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** {@code PX ttl}, or no expiry at all for {@link Duration#ZERO}. */
	static Expiration expiration(Duration ttl) {
		return ttl.isZero() ? Expiration.persistent() : Expiration.milliseconds(Expiry.millis(ttl));
	}

	@Override
	public String toString() {
		return "redis[" + this.namespace + "*]";
	}

}
