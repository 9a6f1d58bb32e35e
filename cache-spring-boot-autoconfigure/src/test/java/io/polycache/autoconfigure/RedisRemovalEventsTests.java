package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.polycache.core.CacheRemoval;
import io.polycache.core.CacheRemovalListener;
import io.polycache.core.ExtendedCache;
import io.polycache.core.RemovalCause;
import io.polycache.testsupport.CollectingRemovalListener;
import io.polycache.testsupport.RedisServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Removal events on redis, against a real server: the explicit removals and clears this
 * instance makes, and expirations when the server's keyspace notifications are on; with
 * them off, nothing breaks and no expiration is heard.
 */
class RedisRemovalEventsTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private final CollectingRemovalListener listener = new CollectingRemovalListener();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class, DataRedisAutoConfiguration.class))
		.withPropertyValues(redis.springProperties())
		.withPropertyValues("spring.data.redis.timeout=2s", "cache.backends.sessions.type=redis",
				"cache.backends.sessions.key-prefix=shop:")
		.withBean(CacheRemovalListener.class, () -> this.listener);

	/**
	 * Switches notifications off again, and checks that the subscriptions of earlier
	 * contexts were closed with them: the one left is this context's own.
	 */
	@AfterEach
	void notificationsOffAndNoSubscriptionLeftBehind() {
		this.runner.run((context) -> {
			RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
			notifications(factory, "");
			try (RedisConnection connection = factory.getConnection()) {
				assertThat(connection.serverCommands().getClientList())
					.filteredOn((client) -> "1".equals(client.get("sub")))
					.hasSize(1);
			}
		});
	}

	@Test
	void explicitRemovalsAndClearsOfThisInstanceAreHeardWithTheirKeys() {
		this.runner.run((context) -> {
			ExtendedCache sessions = sessions(context.getBean(CacheManager.class));
			sessions.put("user-1", "alice");
			sessions.put(7L, "bob");
			sessions.put("user-3", "carol");
			sessions.evict("user-1");
			sessions.evict("never-there");
			assertThat(sessions.evictAll(List.of(7L, "missing"))).isOne();
			sessions.put("tenant:1", "x");
			assertThat(sessions.evictByPrefix("tenant:")).isOne();
			sessions.clear();
			assertThat(this.listener.await(4)).containsExactly(
					new CacheRemoval("sessions", "user-1", null, RemovalCause.EXPLICIT),
					new CacheRemoval("sessions", "~long:7", null, RemovalCause.EXPLICIT),
					new CacheRemoval("sessions", "tenant:1", null, RemovalCause.EXPLICIT),
					new CacheRemoval("sessions", "user-3", null, RemovalCause.CLEARED));
		});
	}

	@Test
	void expirationsAreHeardWhenTheServerNotifiesThem() {
		this.runner.run((context) -> {
			RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
			notifications(factory, "Ex");
			ExtendedCache sessions = sessions(context.getBean(CacheManager.class));
			// Keys of another namespace and a lease key of this cache expire too, unheard.
			StringRedisTemplate template = new StringRedisTemplate(factory);
			template.opsForValue().set("shop:other:k2:1:user-9", "x", Duration.ofMillis(20));
			template.opsForValue().set("shop:sessions:lease:k2:1:user-9", "x", Duration.ofMillis(20));
			sessions.put("user-9", "dan", Duration.ofMillis(50));
			List<CacheRemoval> heard = this.listener.await(1);
			assertThat(heard).containsExactly(new CacheRemoval("sessions", "user-9", null, RemovalCause.EXPIRED));
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !template.hasKey("shop:other:k2:1:user-9")
					&& !template.hasKey("shop:sessions:lease:k2:1:user-9"));
			sessions.put("user-10", "erin");
			sessions.evict("user-10");
			assertThat(this.listener.await(2)).extracting(CacheRemoval::key).containsExactly("user-9", "user-10");
			assertThat(sessions.statistics().expirations()).isOne();
		});
	}

	@Test
	void withNotificationsOffNothingBreaksAndNoExpirationIsHeard() {
		this.runner.run((context) -> {
			RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
			notifications(factory, "");
			ExtendedCache sessions = sessions(context.getBean(CacheManager.class));
			sessions.put("user-9", "dan", Duration.ofMillis(20));
			StringRedisTemplate template = new StringRedisTemplate(factory);
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !template.hasKey("shop:sessions:k2:1:user-9"));
			sessions.put("user-10", "erin");
			assertThat(sessions.get("user-10", String.class)).isEqualTo("erin");
			sessions.evict("user-10");
			assertThat(this.listener.await(1)).containsExactly(
					new CacheRemoval("sessions", "user-10", null, RemovalCause.EXPLICIT));
			assertThat(sessions.statistics().expirations()).isZero();
		});
	}

	private static void notifications(RedisConnectionFactory factory, String flags) {
		try (RedisConnection connection = factory.getConnection()) {
			connection.serverCommands().setConfig("notify-keyspace-events", flags);
			Properties config = connection.serverCommands().getConfig("notify-keyspace-events");
			assertThat(config.getProperty("notify-keyspace-events")).hasSameSizeAs(flags.isEmpty() ? "" : "xE");
		}
	}

	private static ExtendedCache sessions(CacheManager manager) {
		return (ExtendedCache) manager.getCache("sessions");
	}

}
