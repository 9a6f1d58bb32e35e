package io.polycache.redis;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;

import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.InvalidationChannel;
import io.polycache.spi.Leases;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.spi.StoreContext;

/**
 * The {@code redis} backend: one redis string per entry, on the application's
 * {@link RedisConnectionFactory} (configured by {@code spring.data.redis.*}), looked up
 * when the first redis cache is opened, so an application with no redis cache needs no
 * connection factory at all. The server evicts and expires; its connection and timeout
 * failures ({@link RedisOutages}) trip the outage guard.
 * <p>It pushes invalidations: a cache with a near tier gets a store in announcing mode,
 * whose every write announces itself on the cache's pub/sub channel in the same atomic
 * step ({@link AnnouncedWrites}), and the channel, heard through one Lettuce pub/sub
 * connection per connection factory ({@link LettuceInvalidations}). That needs Lettuce;
 * a cache without a near tier costs nothing more than before.
 * <p>It holds leases, for {@code single-flight: cluster}: every cache gets a
 * {@link RedisLeaseStore} on the same connection factory, under its namespace's lease keys.
 */
public final class RedisProvider implements BackendProvider {

	/** The type, as written in {@code cache.backends.<name>.type}. */
	public static final String TYPE = "redis";

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			RedisProvider.class.getClassLoader());

	private final ObjectProvider<RedisConnectionFactory> connectionFactory;

	private final Object lock = new Object();

	private @Nullable LettuceInvalidations lettuce;

	public RedisProvider(ObjectProvider<RedisConnectionFactory> connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public BackendTraits traits() {
		return BackendTraits.remote(RedisOutages::isOutage).withPushedInvalidations().withLeases();
	}

	@Override
	public OpenedStore<String, byte[]> open(StoreContext context) {
		RedisConnectionFactory factory = this.connectionFactory.getIfUnique();
		if (factory == null) {
			throw new PolycacheConfigurationException(context.propertyPrefix() + "type", TYPE,
					"the redis backend needs a single RedisConnectionFactory bean, and the application has "
							+ (this.connectionFactory.stream().findAny().isPresent() ? "several" : "none"),
					"Add the dependency org.springframework.boot:spring-boot-starter-data-redis and "
							+ "configure spring.data.redis.* (host, port, timeout), or mark one "
							+ "RedisConnectionFactory bean @Primary.");
		}
		Leases leases = RedisStores.leases(context.namespace(), factory);
		String prefix = context.namespace().prefix();
		AutoCloseable expirations = (LETTUCE_PRESENT && context.events().reportsRemovals())
				? KeyspaceExpirations.subscribe(factory, prefix, context.events(), context.settings().name()) : null;
		if (!context.settings().near().enabled()) {
			return OpenedStore.shared(new RedisStore(prefix, factory, null, context.events(), expirations), context)
				.withLeases(leases);
		}
		InvalidationMessages messages = new InvalidationMessages(context.namespace());
		InvalidationChannel channel = channel(factory, messages, context);
		RedisStore store = new RedisStore(prefix, factory, new AnnouncedWrites(messages.channel()), context.events(),
				expirations);
		return new OpenedStore<>(store, context.namespace().keys(), context.serializer(), channel, leases);
	}

	private InvalidationChannel channel(RedisConnectionFactory factory, InvalidationMessages messages,
			StoreContext context) {
		InvalidationChannel channel = LETTUCE_PRESENT ? lettuce().channel(factory, messages) : null;
		if (channel == null) {
			String property = context.propertyPrefix() + "near.max-entries";
			throw new PolycacheConfigurationException(property, context.settings().near().maxEntries(),
					"a near tier in front of redis hears other instances' changes over Lettuce's pub/sub, and the "
							+ "application's RedisConnectionFactory is a " + factory.getClass().getName(),
					"Use Lettuce, the client of spring-boot-starter-data-redis (a LettuceConnectionFactory), or "
							+ "remove " + property + ".");
		}
		return channel;
	}

	private LettuceInvalidations lettuce() {
		synchronized (this.lock) {
			if (this.lettuce == null) {
				this.lettuce = new LettuceInvalidations();
			}
			return this.lettuce;
		}
	}

}
