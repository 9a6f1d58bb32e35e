package io.polycache.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.spi.InvalidationChannel;

/**
 * The invalidation channels of one provider's redis caches, over Lettuce's native pub/sub:
 * one {@link InvalidationSubscriber} (one pub/sub connection) per connection factory,
 * shared by every cache on it. A standalone or Sentinel factory's {@link RedisClient}
 * subscribes on its server; a cluster factory's {@link RedisClusterClient} on one node,
 * which hears every node's messages, as redis broadcasts a {@code PUBLISH} across the
 * cluster. Loaded only when Lettuce is on the class path.
 * <p>Thread-safe.
 */
final class LettuceInvalidations {

	private final Map<LettuceConnectionFactory, InvalidationSubscriber> subscribers = new ConcurrentHashMap<>();

	/**
	 * The channel of one cache, on this connection factory's pub/sub connection.
	 * @return the channel, or {@code null} if the factory is not Lettuce's
	 */
	@Nullable InvalidationChannel channel(RedisConnectionFactory factory, InvalidationMessages messages) {
		if (!(factory instanceof LettuceConnectionFactory lettuce)) {
			return null;
		}
		InvalidationSubscriber subscriber = this.subscribers.computeIfAbsent(lettuce, LettuceInvalidations::subscriber);
		return (listener) -> subscriber.subscribe(messages, listener);
	}

	private static InvalidationSubscriber subscriber(LettuceConnectionFactory factory) {
		AbstractRedisClient client = factory.getRequiredNativeClient();
		String description = "redis connection factory " + factory;
		if (client instanceof RedisClusterClient cluster) {
			return new InvalidationSubscriber(() -> cluster.connectPubSub(ByteArrayCodec.INSTANCE), description);
		}
		if (client instanceof RedisClient redis) {
			return new InvalidationSubscriber(() -> redis.connectPubSub(ByteArrayCodec.INSTANCE), description);
		}
		throw new IllegalStateException("Unexpected Lettuce client " + client.getClass().getName());
	}

}
