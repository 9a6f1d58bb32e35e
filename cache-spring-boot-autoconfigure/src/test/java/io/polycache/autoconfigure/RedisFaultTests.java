package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.polycache.core.ExtendedCache;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A redis server killed mid-test: {@code @Cacheable} methods keep answering from their
 * loaders within the configured {@code spring.data.redis.timeout}, nothing reaches the
 * callers under fail-open, and caching resumes by itself once the server is back.
 */
class RedisFaultTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	/** Room for the loader, the JVM and a busy machine on top of one redis timeout. */
	private static final Duration SLACK = Duration.ofMillis(400);

	private LoopbackServer server;

	@BeforeEach
	void startServer() {
		this.server = RedisServers.standalone();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void cacheableMethodsAnswerFromTheirLoadersWhileRedisIsDownAndCachingResumes() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, PolycacheAutoConfiguration.class))
			.withUserConfiguration(ServiceConfiguration.class)
			.withPropertyValues("spring.data.redis.host=" + LoopbackServer.HOST,
					"spring.data.redis.port=" + this.server.port(), "spring.data.redis.timeout=" + TIMEOUT.toMillis() + "ms",
					"spring.data.redis.connect-timeout=" + TIMEOUT.toMillis() + "ms", "cache.backends.quotes.type=redis",
					"cache.backends.quotes.ttl=10m")
			.run(context -> {
				QuoteService service = context.getBean(QuoteService.class);
				StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
				assertThat(service.quote(1)).isEqualTo("quote-1");
				assertThat(service.quote(1)).isEqualTo("quote-1");
				assertThat(service.loads()).as("cached in redis").isEqualTo(1);
				assertThat(redis.hasKey("quotes:k2:1:~int:1")).isTrue();

				this.server.stop();
				int loadsBefore = service.loads();
				for (int i = 0; i < 20; i++) {
					int id = i % 4;
					long started = System.nanoTime();
					assertThat(service.quote(id)).isEqualTo("quote-" + id);
					assertThat(Duration.ofNanos(System.nanoTime() - started)).as("call %d while redis is down", i)
						.isLessThan(TIMEOUT.plus(SLACK));
				}
				assertThat(service.loads() - loadsBefore).as("every call loads: nothing is cached").isEqualTo(20);
				ExtendedCache quotes = (ExtendedCache) context.getBean(CacheManager.class).getCache("quotes");
				quotes.put("direct", "v");
				quotes.evict("direct");
				quotes.clear();
				assertThat(quotes.get("direct")).isNull();
				assertThat(quotes.getAll(List.of("a", "b"))).isEmpty();

				this.server.start();
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
					int loads = service.loads();
					assertThat(service.quote(7)).isEqualTo("quote-7");
					assertThat(service.quote(7)).isEqualTo("quote-7");
					assertThat(service.loads() - loads).as("the second call is served by redis").isEqualTo(1);
				});
				assertThat(redis.hasKey("quotes:k2:1:~int:7")).isTrue();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		QuoteService quoteService() {
			return new QuoteService();
		}

	}

	static class QuoteService {

		private final AtomicInteger loads = new AtomicInteger();

		int loads() {
			return this.loads.get();
		}

		@Cacheable("quotes")
		public String quote(int id) {
			this.loads.incrementAndGet();
			return "quote-" + id;
		}

	}

}
