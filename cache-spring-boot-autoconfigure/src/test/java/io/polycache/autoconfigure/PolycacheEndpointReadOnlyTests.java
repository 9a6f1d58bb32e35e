package io.polycache.autoconfigure;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.polycache.core.CacheStatistics;
import io.polycache.core.ExtendedCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code polycache} endpoint over HTTP on a real server, exposed with its default
 * access: every cache and one cache can be read, an unknown one is a 404, and a write or
 * delete is refused and changes nothing.
 */
@SpringBootTest(classes = AbstractEndpointHttpTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
		"management.endpoints.web.exposure.include=polycache", "cache.backends.products.type=local-memory",
		"cache.backends.products.max-entries=100", "cache.backends.products.eviction=lfu",
		"cache.backends.products.ttl=10m", "cache.backends.files.type=file-system",
		"cache.backends.files.max-entries=50" })
class PolycacheEndpointReadOnlyTests extends AbstractEndpointHttpTests {

	@DynamicPropertySource
	static void directory(DynamicPropertyRegistry registry) {
		registry.add("cache.backends.files.file-system.directory", () -> directory.resolve("read-only").toString());
	}

	@BeforeEach
	void fill() {
		ExtendedCache products = products();
		products.clear();
		products.put(1L, "one");
		products.put(2L, "two");
		products.get(1L);
		products.get(3L);
	}

	@Test
	void listsEveryCacheWithBackendSettingsSizeAndStatistics() {
		JsonNode caches = this.client.read("").get("caches");
		assertThat(caches.propertyNames()).containsExactlyInAnyOrder("products", "files");
		JsonNode products = caches.get("products");
		assertThat(products.get("name").asString()).isEqualTo("products");
		assertThat(products.get("backend").asString()).isEqualTo("local-memory");
		assertThat(products.get("settings").get("maxEntries").asLong()).isEqualTo(100);
		assertThat(products.get("settings").get("eviction").asString()).isEqualTo("lfu");
		assertThat(products.get("settings").get("ttl").asString()).isEqualTo("PT10M");
		assertThat(products.get("size").asLong()).isEqualTo(2);
		// The counters run for the context's life, over every test of this class.
		CacheStatistics statistics = products().statistics();
		assertThat(products.get("statistics").get("hits").asLong()).isEqualTo(statistics.hits()).isPositive();
		assertThat(products.get("statistics").get("misses").asLong()).isEqualTo(statistics.misses()).isPositive();
		assertThat(products.get("statistics").get("puts").asLong()).isEqualTo(statistics.puts()).isPositive();
		assertThat(products.get("statistics").get("hitRatio").asDouble()).isEqualTo(statistics.hitRatio());
		assertThat(products.get("near").isNull()).isTrue();
		assertThat(products.get("changeable")).extracting(JsonNode::asString).containsExactly("max-entries", "ttl");
		assertThat(caches.get("files").get("backend").asString()).isEqualTo("file-system");
		assertThat(caches.get("files").get("settings").get("maxEntries").asLong()).isEqualTo(50);
	}

	@Test
	void readsOneCacheByName() {
		JsonNode products = this.client.read("/products");
		assertThat(products.get("name").asString()).isEqualTo("products");
		assertThat(products.get("size").asLong()).isEqualTo(2);
	}

	@Test
	void anUnknownCacheIsNotFound() {
		HttpResponse<String> response = this.client.get("/nope");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(EndpointClient.parse(response).get("error").asString())
			.isEqualTo("No cache 'nope'; the caches are [files, products]");
	}

	@Test
	void writesAndDeletesAreRefusedWhileReadOnly() {
		HttpResponse<String> change = this.client.post("/products", "{\"maxEntries\": 1}");
		HttpResponse<String> clear = this.client.delete("/products");
		HttpResponse<String> evict = this.client.delete("/products?key=1&keyType=long");
		assertThat(change.statusCode()).isEqualTo(405);
		assertThat(clear.statusCode()).isEqualTo(405);
		assertThat(evict.statusCode()).isEqualTo(405);
		assertThat(products().settings().maxEntries()).isEqualTo(100);
		assertThat(products().size()).hasValue(2);
	}

	private ExtendedCache products() {
		return cache("products");
	}

}
