package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import io.polycache.autoconfigure.PolycacheProperties.Memcached;
import io.polycache.memcached.MemcachedCacheProperties;
import io.polycache.memcached.MemcachedClientSettings;
import io.polycache.memcached.MemcachedClients;
import io.polycache.memcached.MemcachedProvider;
import io.polycache.spi.PolycacheConfigurationException;

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

	/** How long after losing a server the client first tries to reconnect. */
	private static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(1);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	MemcachedClients polycacheMemcachedClients() {
		return new MemcachedClients();
	}

	@Bean
	MemcachedProvider memcachedBackendProvider(PolycacheProperties properties, MemcachedClients clients) {
		return new MemcachedProvider(clients, (context) -> {
			String name = context.settings().name();
			Resolved resolved = new Resolved(name, properties.getMemcached(),
					context.properties(MemcachedCacheProperties.class));
			return new MemcachedProvider.Client(resolved.overrides.overridesAny() ? name : "default",
					resolved.clientSettings(), resolved.generationCheckInterval());
		});
	}

	/** One cache's memcached settings: its overrides over {@code cache.memcached}, checked. */
	private static final class Resolved {

		private final String cacheName;

		private final Memcached shared;

		private final MemcachedCacheProperties overrides;

		Resolved(String cacheName, Memcached shared, MemcachedCacheProperties overrides) {
			this.cacheName = cacheName;
			this.shared = shared;
			this.overrides = overrides;
		}

		MemcachedClientSettings clientSettings() {
			List<String> servers = pick(MemcachedCacheProperties::getServers, Memcached::getServers);
			servers.forEach((server) -> checkServer(server));
			if (servers.isEmpty()) {
				throw invalid("servers", servers, "at least one memcached server is needed");
			}
			Duration timeout = pick(MemcachedCacheProperties::getOperationTimeout,
					Memcached::getOperationTimeout);
			if (timeout.toMillis() <= 0) {
				throw invalid("operation-timeout", timeout, "an operation timeout must be at least 1ms");
			}
			int poolSize = pick(MemcachedCacheProperties::getConnectionPoolSize,
					Memcached::getConnectionPoolSize);
			if (poolSize < 1) {
				throw invalid("connection-pool-size", poolSize, "a client needs at least one connection per server");
			}
			DataSize maxItemSize = pick(MemcachedCacheProperties::getMaxItemSize,
					Memcached::getMaxItemSize);
			if (maxItemSize.toBytes() <= 0) {
				throw invalid("max-item-size", maxItemSize, "an item size limit must be positive");
			}
			return new MemcachedClientSettings(servers, timeout, poolSize, maxItemSize.toBytes(), RECONNECT_INTERVAL);
		}

		Duration generationCheckInterval() {
			Duration interval = pick(MemcachedCacheProperties::getGenerationCheckInterval,
					Memcached::getGenerationCheckInterval);
			if (interval.isNegative()) {
				throw invalid("generation-check-interval", interval, "an interval must not be negative");
			}
			return interval;
		}

		private void checkServer(String server) {
			int colon = server.lastIndexOf(':');
			boolean valid = colon > 0 && colon < server.length() - 1 && server.strip().equals(server);
			if (valid) {
				try {
					int port = Integer.parseInt(server.substring(colon + 1));
					valid = port > 0 && port < 65536;
				}
				catch (NumberFormatException ex) {
					valid = false;
				}
			}
			if (!valid) {
				String property = property("servers");
				throw new PolycacheConfigurationException(property, server,
						"a memcached server must be written as host:port",
						"Set " + property + " to a list such as 10.0.0.1:11211,10.0.0.2:11211.");
			}
		}

		private <T> T pick(Function<MemcachedCacheProperties, @Nullable T> own, Function<Memcached, T> shared) {
			T value = own.apply(this.overrides);
			return (value != null) ? value : shared.apply(this.shared);
		}

		/** The property that set this value: the cache's own, or the shared one. */
		private String property(String name) {
			boolean own = switch (name) {
				case "servers" -> this.overrides.getServers() != null;
				case "operation-timeout" -> this.overrides.getOperationTimeout() != null;
				case "connection-pool-size" -> this.overrides.getConnectionPoolSize() != null;
				case "max-item-size" -> this.overrides.getMaxItemSize() != null;
				default -> this.overrides.getGenerationCheckInterval() != null;
			};
			return (own ? "cache.backends." + this.cacheName + ".memcached." : "cache.memcached.") + name;
		}

		private PolycacheConfigurationException invalid(String name, Object value, String reason) {
			return new PolycacheConfigurationException(property(name), value, reason,
					"Change " + property(name) + ", or remove it to use the default.");
		}

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
