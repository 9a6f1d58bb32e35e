package io.polycache.redis;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.spi.StoreContext;

/**
 * The {@code redis} backend: one redis string per entry, on the application's
 * {@link RedisConnectionFactory} (configured by {@code spring.data.redis.*}), looked up
 * when the first redis cache is opened, so an application with no redis cache needs no
 * connection factory at all. The server evicts and expires; its connection and timeout
 * failures ({@link RedisOutages}) trip the outage guard.
 */
public final class RedisProvider implements BackendProvider {

	/** The type, as written in {@code cache.backends.<name>.type}. */
	public static final String TYPE = "redis";

	private final ObjectProvider<RedisConnectionFactory> connectionFactory;

	public RedisProvider(ObjectProvider<RedisConnectionFactory> connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public BackendTraits traits() {
		return BackendTraits.remote(RedisOutages::isOutage);
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
		return OpenedStore.shared(RedisStores.create(context.namespace(), factory), context);
	}

}
