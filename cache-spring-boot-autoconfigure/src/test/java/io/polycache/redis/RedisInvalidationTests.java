package io.polycache.redis;

import java.lang.reflect.Proxy;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.core.NearSettings;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

import static io.polycache.redis.RecordingInvalidationListener.CONNECTED;
import static io.polycache.redis.RecordingInvalidationListener.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Invalidations between two instances on one standalone redis-server. */
class RedisInvalidationTests extends AbstractRedisInvalidationTests {

	private static LoopbackServer server;

	@BeforeAll
	static void startServer() {
		server = RedisServers.standalone();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Override
	protected LettuceConnectionFactory connectionFactory() {
		return RedisServers.connectionFactory(server, Duration.ofSeconds(2));
	}

	@Override
	protected void killClients(String type) {
		RedisServers.cli(server, "client", "kill", "type", type);
	}

	@Test
	void aRestartedServerIsHeardAndSoIsTheResubscription() throws InterruptedException {
		server.stop();
		assertThat(this.heardOnB.next(BOUND).name()).isEqualTo(DISCONNECTED);
		server.start();
		assertThat(this.heardOnB.next(RECONNECT).name()).isEqualTo(CONNECTED);
		this.storeA.put(key("after"), bytes("v"), Duration.ZERO);
		assertThat(this.heardOnB.next(1, BOUND)).containsExactly(key("after"));
	}

	@Test
	void cachesOnOneConnectionFactoryShareOnePubSubConnectionUntilTheLastCloses() throws InterruptedException {
		LettuceConnectionFactory factory = newFactory();
		RedisProvider provider = new RedisProvider(beans(factory));
		RecordingInvalidationListener first = new RecordingInvalidationListener();
		RecordingInvalidationListener second = new RecordingInvalidationListener();
		var one = open(provider, nearCache("one")).invalidations().subscribe(first);
		var two = open(provider, nearCache("two")).invalidations().subscribe(second);
		assertThat(first.next(BOUND).name()).isEqualTo(CONNECTED);
		assertThat(second.next(BOUND).name()).isEqualTo(CONNECTED);
		assertThat(pubSubClients()).as("B's and this factory's").isEqualTo(2);
		one.close();
		assertThat(pubSubClients()).isEqualTo(2);
		two.close();
		awaitPubSubClients(1);
	}

	@Test
	void aConnectionFactoryOtherThanLettucesIsRefusedNamingTheProperty() {
		RedisConnectionFactory other = (RedisConnectionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { RedisConnectionFactory.class }, (proxy, method, arguments) -> method.invoke(this.factoryA,
						arguments));
		RedisProvider provider = new RedisProvider(beans(other));
		assertThat(provider.traits().pushesInvalidations()).isTrue();
		assertThatExceptionOfType(PolycacheConfigurationException.class)
			.isThrownBy(() -> open(provider, this.settings))
			.withMessageContaining("cache.backends." + this.settings.name() + ".near.max-entries")
			.withMessageContaining("Lettuce");
		assertThat(open(provider, this.settings.toBuilder().near(NearSettings.OFF).build()).invalidations())
			.as("without a near tier, any connection factory does")
			.isNull();
	}

	private static long pubSubClients() {
		return RedisServers.pubSubClients(server).size();
	}

	private static void awaitPubSubClients(long expected) throws InterruptedException {
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (pubSubClients() != expected && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(pubSubClients()).isEqualTo(expected);
	}

}
