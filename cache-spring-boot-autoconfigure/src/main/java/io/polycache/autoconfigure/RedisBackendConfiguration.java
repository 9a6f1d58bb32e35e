package io.polycache.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.polycache.redis.RedisOutages;
import io.polycache.redis.RedisStores;

/**
 * The {@code redis} backend, present only when Spring Data Redis is. Its stores use the
 * application's {@link RedisConnectionFactory} (configured by {@code spring.data.redis.*}),
 * looked up when the first redis cache is created, so an application with no redis cache
 * needs no connection factory at all.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisConnectionFactory.class)
class RedisBackendConfiguration {

	@Bean
	BackendFactory redisBackendFactory(ObjectProvider<RedisConnectionFactory> connectionFactory) {
		return BackendFactory.remote(BackendType.REDIS, (settings, context) -> {
			RedisConnectionFactory factory = connectionFactory.getIfUnique();
			if (factory == null) {
				throw new PolycacheConfigurationException("cache.backends." + settings.name() + ".type", "redis",
						"the redis backend needs a single RedisConnectionFactory bean, and the application has "
								+ (connectionFactory.stream().findAny().isPresent() ? "several" : "none"),
						"Add the dependency org.springframework.boot:spring-boot-starter-data-redis and "
								+ "configure spring.data.redis.* (host, port, timeout), or mark one "
								+ "RedisConnectionFactory bean @Primary.");
			}
			return RedisStores.create(settings, factory);
		}, RedisStores::keyMapper, RedisOutages::isOutage);
	}

}
