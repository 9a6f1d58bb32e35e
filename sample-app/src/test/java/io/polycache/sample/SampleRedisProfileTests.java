package io.polycache.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.polycache.core.NearStatistics;
import io.polycache.testsupport.LoopbackServer;
import io.polycache.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample with its redis profile, on a real redis-server on a loopback port: products
 * live in redis behind a near tier, so a product read again is served from this
 * instance's memory.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("redis")
class SampleRedisProfileTests {

	private static final LoopbackServer redis = RedisServers.standalone();

	private static final ParameterizedTypeReference<List<CacheReport>> CACHE_REPORTS = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.port", redis::port);
		// The profile's 500 ms is for production; a loaded build machine needs more.
		registry.add("spring.data.redis.timeout", () -> "5s");
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void productsAreServedFromTheNearTierOnceRead() {
		RestClient http = RestClient.create("http://127.0.0.1:" + this.port);
		await().atMost(Duration.ofSeconds(10)).until(() -> near(http).serving());
		// The first read loads and writes; a write drops the near copy, so the second read fills it.
		http.get().uri("/products/1").retrieve().toBodilessEntity();
		http.get().uri("/products/1").retrieve().toBodilessEntity();
		NearStatistics before = near(http);
		http.get().uri("/products/1").retrieve().toBodilessEntity();
		http.get().uri("/products/1").retrieve().toBodilessEntity();
		NearStatistics after = near(http);
		assertThat(after.hits() - before.hits()).isEqualTo(2);
		assertThat(after.misses()).isEqualTo(before.misses());
		assertThat(after.size()).isOne();
	}

	@Test
	void productsReportARedisBackendThatBoundsNothingHere() {
		CacheReport products = products(RestClient.create("http://127.0.0.1:" + this.port));
		assertThat(products.backend()).isEqualTo("redis");
		assertThat(products.policy()).as("redis evicts by its own maxmemory-policy").isNull();
		assertThat(products.bound()).isNull();
		assertThat(products.size()).as("counting would mean scanning redis").isNull();
	}

	private static CacheReport products(RestClient http) {
		List<CacheReport> reports = http.get().uri("/caches").retrieve().body(CACHE_REPORTS);
		assertThat(reports).isNotNull();
		return reports.stream().filter((report) -> report.name().equals("products")).findFirst().orElseThrow();
	}

	private static NearStatistics near(RestClient http) {
		NearStatistics near = products(http).near();
		assertThat(near).as("products has a near tier").isNotNull();
		return near;
	}

}
