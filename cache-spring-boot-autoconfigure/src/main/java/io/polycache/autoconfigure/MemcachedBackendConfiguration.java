package io.polycache.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.memcached.MemcachedClients;
import io.polycache.memcached.MemcachedProvider;

/**
 * The {@code memcached} backend, when xmemcached is on the classpath: the application's
 * memcached clients (shut down with the context) and a store per memcached cache. Caches
 * without their own {@code cache.backends.<name>.memcached.*} settings share one client
 * built from {@code cache.memcached.*}. With the actuator, a {@code memcached} health
 * contributor reports each client.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "net.rubyeye.xmemcached.MemcachedClient")
class MemcachedBackendConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	MemcachedClients polycacheMemcachedClients() {
		return new MemcachedClients();
	}

	@Bean
	MemcachedProvider memcachedBackendProvider(PolycacheProperties properties, MemcachedClients clients) {
		return new MemcachedProvider(clients, properties.getMemcached());
	}

	/** The {@code memcached} health contributor, when Spring Boot's health support is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
	static class MemcachedHealthConfiguration {

		// On the method, not the class: its condition class exists only with spring-boot-health.
		@Bean
		@ConditionalOnEnabledHealthIndicator("memcached")
		@ConditionalOnMissingBean(name = "memcachedHealthContributor")
		MemcachedHealthContributor memcachedHealthContributor(MemcachedClients clients) {
			return new MemcachedHealthContributor(clients);
		}

	}

}
