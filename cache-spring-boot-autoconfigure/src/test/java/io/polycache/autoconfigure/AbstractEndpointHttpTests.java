package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Configuration;

import io.polycache.core.ExtendedCache;

/**
 * An application on a real web server ({@code @SpringBootTest(webEnvironment =
 * RANDOM_PORT)} in each subclass, with its caches), its caches, and a client of its
 * {@code polycache} endpoint. {@link #directory} is where file-system caches live.
 */
abstract class AbstractEndpointHttpTests {

	/**
	 * Under {@code target/}, not a JUnit {@code @TempDir}: the application context outlives
	 * the test class in Spring's context cache, and its file stores still write there.
	 */
	static final Path directory = Path.of("target", "polycache-endpoint-tests", UUID.randomUUID().toString())
		.toAbsolutePath();

	@LocalServerPort
	int port;

	@Autowired
	CacheManager cacheManager;

	EndpointClient client;

	@BeforeEach
	void client() {
		this.client = new EndpointClient(this.port);
	}

	ExtendedCache cache(String name) {
		return (ExtendedCache) this.cacheManager.getCache(name);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
