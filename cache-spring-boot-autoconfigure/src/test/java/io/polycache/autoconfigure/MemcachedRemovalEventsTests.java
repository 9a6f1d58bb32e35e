package io.polycache.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

import io.polycache.core.CacheRemoval;
import io.polycache.core.CacheRemovalListener;
import io.polycache.core.ExtendedCache;
import io.polycache.core.RemovalCause;
import io.polycache.internal.AssembledCache;
import io.polycache.memcached.MemcachedTestServers;
import io.polycache.testsupport.CollectingRemovalListener;
import io.polycache.testsupport.LoopbackServer;

import static org.assertj.core.api.Assertions.assertThat;

/** Removal events on memcached, against a real server: the explicit removals this instance makes. */
class MemcachedRemovalEventsTests {

	private static LoopbackServer server;

	@BeforeAll
	static void startServer() {
		server = MemcachedTestServers.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void explicitRemovalsOfThisInstanceAreHeardAndCounted() {
		CollectingRemovalListener listener = new CollectingRemovalListener();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.memcached.servers=" + server.address(), "cache.backends.quotes.type=memcached")
			.withBean(CacheRemovalListener.class, () -> listener)
			.run((context) -> {
				ExtendedCache quotes = (ExtendedCache) context.getBean(CacheManager.class).getCache("quotes");
				quotes.put("acme", 1.5);
				quotes.put(2L, 2.5);
				quotes.evict("acme");
				quotes.evict("never-there");
				assertThat(quotes.evictAll(List.of(2L, "missing"))).isOne();
				assertThat(listener.await(2)).containsExactly(
						new CacheRemoval("quotes", "acme", null, RemovalCause.EXPLICIT),
						new CacheRemoval("quotes", "~long:2", null, RemovalCause.EXPLICIT));
				assertThat(((AssembledCache) quotes).storeCache()
					.removals(RemovalCause.EXPLICIT)).isEqualTo(2);
			});
	}

}
