package io.polycache.redis;

import java.time.Duration;
import java.util.Map;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.core.RemovalCause;
import io.polycache.internal.RateLimitedLog;
import io.polycache.spi.StoreEvents;

/**
 * Hears redis expire a cache's keys: a pub/sub connection subscribed to the database's
 * {@code __keyevent@<db>__:expired} channel, which the server feeds only while its
 * {@code notify-keyspace-events} holds {@code E} and {@code x} (or {@code A}). Each
 * expired key of the cache's namespace is counted and reported as
 * {@link RemovalCause#EXPIRED}; keys of other namespaces, lease keys among them, are
 * ignored. Lettuce re-subscribes by itself after a reconnect; expirations while the
 * connection is down are not heard. Standalone and Sentinel only: a cluster notifies each
 * node's expirations on that node alone.
 * <p>Opened only for a cache a listener hears; loaded only when Lettuce is present.
 * Thread-safe: messages arrive on Lettuce's I/O thread.
 */
final class KeyspaceExpirations implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(KeyspaceExpirations.class);

	private final StatefulRedisPubSubConnection<String, String> connection;

	private KeyspaceExpirations(StatefulRedisPubSubConnection<String, String> connection) {
		this.connection = connection;
	}

	/**
	 * Subscribes to the expirations of the keys starting with {@code namespace}.
	 * @return the subscription, or {@code null} (logged) if the factory is not a
	 * standalone or Sentinel Lettuce one, or redis cannot be reached now
	 */
	static @Nullable KeyspaceExpirations subscribe(RedisConnectionFactory factory, String namespace,
			StoreEvents events, String cacheName) {
		if (!(factory instanceof LettuceConnectionFactory lettuce)
				|| !(lettuce.getRequiredNativeClient() instanceof RedisClient client)) {
			logger.info("Cache '" + cacheName + "': redis expirations are not reported to removal listeners on "
					+ describe(factory) + " (only on a standalone or Sentinel Lettuce connection factory)");
			return null;
		}
		String channel = "__keyevent@" + lettuce.getDatabase() + "__:expired";
		StatefulRedisPubSubConnection<String, String> connection;
		try {
			connection = client.connectPubSub(StringCodec.UTF8);
		}
		catch (RuntimeException ex) {
			logger.warn("Cache '" + cacheName + "': cannot subscribe to " + channel
					+ "; redis expirations are not reported to removal listeners: " + ex);
			return null;
		}
		warnIfOff(connection, cacheName);
		RedisRemovals removals = new RedisRemovals(events);
		RateLimitedLog failures = new RateLimitedLog(logger, Duration.ofMinutes(1));
		connection.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(String from, String key) {
				if (channel.equals(from) && key.startsWith(namespace)) {
					try {
						removals.count(RemovalCause.EXPIRED, 1);
						removals.report(RemovalCause.EXPIRED, key);
					}
					catch (RuntimeException ex) {
						failures.warn("Cache '" + cacheName + "' could not report an expiration", ex);
					}
				}
			}

		});
		try {
			connection.sync().subscribe(channel);
		}
		catch (RuntimeException ex) {
			connection.close();
			logger.warn("Cache '" + cacheName + "': cannot subscribe to " + channel
					+ "; redis expirations are not reported to removal listeners: " + ex);
			return null;
		}
		return new KeyspaceExpirations(connection);
	}

	/** Says once, at start-up, when the server is not set to notify expirations. */
	private static void warnIfOff(StatefulRedisPubSubConnection<String, String> connection, String cacheName) {
		try {
			Map<String, String> config = connection.sync().configGet("notify-keyspace-events");
			String flags = config.getOrDefault("notify-keyspace-events", "");
			if (!flags.contains("E") || !(flags.contains("x") || flags.contains("A"))) {
				logger.info("Cache '" + cacheName + "': redis has notify-keyspace-events='" + flags
						+ "', so expirations are not reported to removal listeners until it includes 'Ex'");
			}
		}
		catch (RuntimeException ex) {
			// CONFIG may be renamed or refused (managed redis): expirations arrive if the server sends them.
			logger.debug("Cannot read notify-keyspace-events for cache '" + cacheName + "'", ex);
		}
	}

	private static String describe(RedisConnectionFactory factory) {
		if (factory instanceof LettuceConnectionFactory lettuce) {
			AbstractRedisClient client = lettuce.getRequiredNativeClient();
			return "a " + client.getClass().getSimpleName();
		}
		return "a " + factory.getClass().getSimpleName();
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
