package io.polycache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.polycache.internal.RateLimitedLog;
import io.polycache.spi.InvalidationChannel.Subscription;
import io.polycache.spi.InvalidationListener;

/**
 * One Lettuce pub/sub connection, shared by the near tiers of every cache on one
 * connection factory, with a channel per cache namespace and listeners per channel. It is
 * opened by the first subscription, in the background (retried until it succeeds), and
 * closed with the last one.
 * <p>What a listener hears, in order:
 * <ul>
 * <li>{@link InvalidationListener#connected()} once redis confirmed the channel's
 * {@code SUBSCRIBE}, at once if it already had, and again after each reconnection, once
 * Lettuce's automatic resubscription is confirmed;</li>
 * <li>{@link InvalidationListener#disconnected()} the moment Lettuce notices the connection
 * is gone (a killed client, a restarted server, an output buffer redis gave up on), before
 * it tries to reconnect;</li>
 * <li>the channel's messages, decoded by {@link InvalidationMessages}; anything else is
 * ignored, with a rate-limited warning.</li>
 * </ul>
 * A connection whose client does not reconnect by itself ({@code autoReconnect} off) is
 * replaced by a new one. A TCP connection that dies without closing (a network partition,
 * no FIN or RST) is noticed only when TCP does (keep-alive, if the client enables it).
 * <p>Thread-safe: connection changes and connected/disconnected callbacks happen under one
 * lock, so a listener never hears them out of order; messages arrive on Lettuce's I/O thread
 * in the order redis sent them.
 */
final class InvalidationSubscriber {

	private static final Log logger = LogFactory.getLog(InvalidationSubscriber.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private static final Duration LAST_RETRY = Duration.ofSeconds(5);

	private final Supplier<StatefulRedisPubSubConnection<byte[], byte[]>> connector;

	private final String description;

	private final RateLimitedLog warnings = new RateLimitedLog(logger, Duration.ofMinutes(1));

	private final Object lock = new Object();

	/** By channel name; written under the lock, read by the I/O thread without it. */
	private final Map<String, Topic> topics = new ConcurrentHashMap<>();

	private @Nullable StatefulRedisPubSubConnection<byte[], byte[]> connection;

	/** Opens the connection in the background while there is none; under the lock. */
	private @Nullable ScheduledExecutorService connecting;

	private final Events events = new Events();

	/**
	 * @param connector opens a new pub/sub connection, blocking until it is open
	 * @param description the connection factory, for log messages
	 */
	InvalidationSubscriber(Supplier<StatefulRedisPubSubConnection<byte[], byte[]>> connector, String description) {
		this.connector = connector;
		this.description = description;
	}

	/** Delivers the channel's messages to the listener until the subscription is closed. */
	Subscription subscribe(InvalidationMessages messages, InvalidationListener listener) {
		String name = name(messages.channel());
		synchronized (this.lock) {
			Topic topic = this.topics.get(name);
			if (topic == null) {
				topic = new Topic(messages);
				this.topics.put(name, topic);
				if (this.connection != null) {
					this.connection.async().subscribe(messages.channel());
				}
			}
			topic.listeners.add(listener);
			if (topic.live) {
				tell(listener, InvalidationListener::connected);
			}
			if (this.connection == null && this.connecting == null) {
				startConnecting();
			}
		}
		return () -> unsubscribe(name, listener);
	}

	/** Opens a connection in the background; under the lock. */
	private void startConnecting() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "polycache-invalidations");
			thread.setDaemon(true);
			return thread;
		});
		this.connecting = executor;
		executor.execute(() -> connect(executor, FIRST_RETRY));
	}

	private void unsubscribe(String name, InvalidationListener listener) {
		synchronized (this.lock) {
			Topic topic = this.topics.get(name);
			if (topic == null || !topic.listeners.remove(listener) || !topic.listeners.isEmpty()) {
				return;
			}
			this.topics.remove(name);
			if (!this.topics.isEmpty()) {
				if (this.connection != null) {
					this.connection.async().unsubscribe(topic.messages.channel());
				}
				return;
			}
			if (this.connection != null) {
				if (!isClosed(this.connection)) {
					this.connection.closeAsync();
				}
				this.connection = null;
			}
			if (this.connecting != null) {
				this.connecting.shutdownNow();
				this.connecting = null;
			}
		}
	}

	/** Runs on the connector's thread: opens the connection and subscribes, or tries again later. */
	private void connect(ScheduledExecutorService executor, Duration retry) {
		StatefulRedisPubSubConnection<byte[], byte[]> opened;
		try {
			opened = this.connector.get();
		}
		catch (IllegalStateException ex) {
			// The client was shut down: the application is closing.
			logger.debug("Not opening the redis pub/sub connection for near-tier invalidations", ex);
			return;
		}
		catch (RuntimeException ex) {
			this.warnings.warn("Cannot open the redis pub/sub connection for near-tier invalidations on "
					+ this.description + "; near tiers serve nothing until it opens, retrying", ex);
			Duration next = (retry.compareTo(LAST_RETRY.dividedBy(2)) < 0) ? retry.multipliedBy(2) : LAST_RETRY;
			if (!executor.isShutdown()) {
				executor.schedule(() -> connect(executor, next), retry.toMillis(), TimeUnit.MILLISECONDS);
			}
			return;
		}
		synchronized (this.lock) {
			if (this.connecting != executor) {
				opened.closeAsync();
				return;
			}
			opened.addListener((RedisPubSubListener<byte[], byte[]>) this.events);
			opened.addListener((RedisConnectionStateListener) this.events);
			this.connection = opened;
			this.connecting = null;
			executor.shutdown();
			byte[][] channels = this.topics.values().stream().map((topic) -> topic.messages.channel()).toArray(byte[][]::new);
			opened.async().subscribe(channels);
		}
	}

	/** Tells a listener, which should never throw, and logs it if it does. */
	private void tell(InvalidationListener listener, Consumer<InvalidationListener> event) {
		try {
			event.accept(listener);
		}
		catch (RuntimeException ex) {
			this.warnings.warn("A near-tier invalidation listener failed", ex);
		}
	}

	/** Whether the connection was closed for good, rather than dropped and being reconnected. */
	private static boolean isClosed(Object connection) {
		return connection instanceof RedisChannelHandler<?, ?> handler && handler.isClosed();
	}

	private static String name(byte[] channel) {
		return new String(channel, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "invalidations on " + this.description + " " + this.topics.keySet();
	}

	/** One channel: how to read its messages, who listens, and whether it is live. */
	private static final class Topic {

		private final InvalidationMessages messages;

		private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();

		/** Whether redis confirmed the subscription since the connection last went down; under the lock. */
		private boolean live;

		private Topic(InvalidationMessages messages) {
			this.messages = messages;
		}

	}

	/** What Lettuce tells about the connection, on its I/O threads. */
	private final class Events extends RedisPubSubAdapter<byte[], byte[]> implements RedisConnectionStateListener {

		@Override
		public void message(byte[] channel, byte[] message) {
			Topic topic = InvalidationSubscriber.this.topics.get(name(channel));
			if (topic == null) {
				return;
			}
			for (InvalidationListener listener : topic.listeners) {
				boolean read;
				try {
					read = topic.messages.deliver(message, listener);
				}
				catch (RuntimeException ex) {
					InvalidationSubscriber.this.warnings.warn("A near-tier invalidation listener failed", ex);
					continue;
				}
				if (!read) {
					InvalidationSubscriber.this.warnings.warn("Ignored a message on redis channel " + name(channel)
							+ " that is not a near-tier invalidation (" + message.length + " bytes)", null);
					return;
				}
			}
		}

		@Override
		public void subscribed(byte[] channel, long count) {
			synchronized (InvalidationSubscriber.this.lock) {
				Topic topic = InvalidationSubscriber.this.topics.get(name(channel));
				if (topic != null && !topic.live) {
					topic.live = true;
					topic.listeners.forEach((listener) -> tell(listener, InvalidationListener::connected));
				}
			}
		}

		/**
		 * Confirms an {@code UNSUBSCRIBE} sent when a channel's last listener left. If the
		 * channel has listeners again, their {@code SUBSCRIBE} is still to be confirmed, and
		 * messages published in between were missed.
		 */
		@Override
		public void unsubscribed(byte[] channel, long count) {
			synchronized (InvalidationSubscriber.this.lock) {
				Topic topic = InvalidationSubscriber.this.topics.get(name(channel));
				if (topic != null && topic.live) {
					topic.live = false;
					topic.listeners.forEach((listener) -> tell(listener, InvalidationListener::disconnected));
				}
			}
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
			synchronized (InvalidationSubscriber.this.lock) {
				if (InvalidationSubscriber.this.connection != handler) {
					return;
				}
				InvalidationSubscriber.this.topics.values().stream().filter((topic) -> topic.live).forEach((topic) -> {
					topic.live = false;
					topic.listeners.forEach((listener) -> tell(listener, InvalidationListener::disconnected));
				});
				if (isClosed(handler)) {
					// Closed for good: the client is shutting down with the application.
					logger.debug("Closed the redis pub/sub connection for near-tier invalidations on "
							+ InvalidationSubscriber.this.description);
					InvalidationSubscriber.this.connection = null;
					return;
				}
				logger.warn("Lost the redis pub/sub connection for near-tier invalidations on "
						+ InvalidationSubscriber.this.description + "; near tiers serve nothing until it is back");
				if (!handler.getOptions().isAutoReconnect()) {
					// Lettuce will not bring this one back: open another.
					handler.closeAsync();
					InvalidationSubscriber.this.connection = null;
					startConnecting();
				}
			}
		}

	}

}
