package io.polycache.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.polycache.redis.RedisProvider;

/** The {@code redis} backend, present only when Spring Data Redis is. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisConnectionFactory.class)
class RedisBackendConfiguration {

	@Bean
	RedisProvider redisBackendProvider(ObjectProvider<RedisConnectionFactory> connectionFactory) {
		return new RedisProvider(connectionFactory);
	}

}
