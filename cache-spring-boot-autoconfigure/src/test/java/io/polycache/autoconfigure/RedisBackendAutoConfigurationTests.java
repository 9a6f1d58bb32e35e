package io.polycache.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.polycache.core.ExtendedCache;
import io.polycache.internal.FailOpenStore;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.testsupport.RedisServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@code type: redis} is wired: the application's connection factory, or a clear failure. */
class RedisBackendAutoConfigurationTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
		.withPropertyValues("cache.backends.sessions.type=redis", "cache.backends.sessions.ttl=30m",
				"cache.backends.sessions.key-prefix=shop:");

	@Test
	void redisCachesUseTheApplicationsConnectionFactory() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(redis.springProperties())
			.withPropertyValues("spring.data.redis.timeout=500ms")
			.run(context -> {
				ExtendedCache sessions = (ExtendedCache) context.getBean(CacheManager.class).getCache("sessions");
				assertThat(sessions.getNativeCache()).isInstanceOf(FailOpenStore.class);
				sessions.put("user-1", "alice");
				assertThat(sessions.get("user-1", String.class)).isEqualTo("alice");
				StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
				assertThat(redis.hasKey("shop:sessions:k2:1:user-1")).isTrue();
				assertThat(redis.getExpire("shop:sessions:k2:1:user-1")).isBetween(1_790L, 1_800L);
				try (RedisConnection connection = context.getBean(RedisConnectionFactory.class).getConnection()) {
					byte[] raw = connection.stringCommands().get("shop:sessions:k2:1:user-1".getBytes(StandardCharsets.UTF_8));
					assertThat(raw).as("the string's format tag, then its UTF-8")
						.isEqualTo("\u0003alice".getBytes(StandardCharsets.UTF_8));
				}
			});
	}

	/** {@code search("acme", "x, y")} and {@code search("acme, x", "y")} printed alike before. */
	@Test
	void oneTenantIsNeverServedAnotherTenantsResults() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withUserConfiguration(SearchConfiguration.class)
			.withPropertyValues(redis.springProperties())
			.withPropertyValues("spring.data.redis.timeout=500ms",
					"cache.backends.search.type=redis")
			.run(context -> {
				SearchService service = context.getBean(SearchService.class);
				assertThat(service.search("acme", "x, y")).isEqualTo("acme searched for x, y");
				assertThat(service.search("acme, x", "y")).isEqualTo("acme, x searched for y");
				assertThat(service.search("acme", "x, y")).isEqualTo("acme searched for x, y");
				assertThat(service.searches()).as("the third answer came from redis").isEqualTo(2);
			});
	}

	@Test
	void withoutAConnectionFactoryStartupFailsSayingWhatToAdd() {
		this.runner.run(context -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(PolycacheConfigurationException.class)
			.hasMessageContaining("cache.backends.sessions.type")
			.hasMessageContaining("RedisConnectionFactory")
			.satisfies(failure -> assertThat(((PolycacheConfigurationException) failure).getAction())
				.contains("spring-boot-starter-data-redis")
				.contains("spring.data.redis.")));
	}

	@Test
	void withoutSpringDataRedisTheBackendIsMissingAndSaysWhatToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cache.backends.sessions.type")
				.hasMessageContaining("Spring Data Redis")
				.hasMessageContaining("spring-boot-starter-data-redis"));
	}

	@Test
	void withoutSpringDataRedisAnAppWithoutRedisCachesStarts() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.products.type=local-memory")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(RedisBackendConfiguration.class);
				assertThat(context.getBean(CacheManager.class).getCacheNames()).containsExactly("products");
			});
	}

	@Test
	void anAppWithoutRedisCachesNeedsNoConnectionFactory() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.products.type=local-memory")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	static class SearchConfiguration {

		@Bean
		SearchService searchService() {
			return new SearchService();
		}

	}

	static class SearchService {

		private final AtomicInteger searches = new AtomicInteger();

		int searches() {
			return this.searches.get();
		}

		@Cacheable("search")
		public String search(String tenant, String query) {
			this.searches.incrementAndGet();
			return tenant + " searched for " + query;
		}

	}

}
