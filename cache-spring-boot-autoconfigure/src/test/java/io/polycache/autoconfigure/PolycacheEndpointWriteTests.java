package io.polycache.autoconfigure;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.polycache.core.ExtendedCache;
import io.polycache.testsupport.RedisServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code polycache} endpoint over HTTP on a real server, with writes allowed
 * ({@code management.endpoint.polycache.access=unrestricted}), against a real redis: a
 * lower {@code max-entries} on local memory, the file system and a redis cache's near tier
 * evicts at once; redis's own tier refuses; a cache is cleared and single keys, string or
 * long, are evicted; each change is logged with its old and new values.
 */
@SpringBootTest(classes = AbstractEndpointHttpTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = {
		"management.endpoints.web.exposure.include=polycache", "management.endpoint.polycache.access=unrestricted",
		"spring.data.redis.timeout=2s", "cache.backends.local.type=local-memory",
		"cache.backends.local.max-entries=100", "cache.backends.files.type=file-system",
		"cache.backends.files.max-entries=100", "cache.backends.sessions.type=redis",
		"cache.backends.sessions.ttl=30m", "cache.backends.near.type=redis", "cache.backends.near.ttl=10m",
		"cache.backends.near.near.max-entries=100", "cache.backends.keys.type=local-memory" })
@ExtendWith(OutputCaptureExtension.class)
class PolycacheEndpointWriteTests extends AbstractEndpointHttpTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("cache.backends.files.file-system.directory", () -> directory.resolve("write").toString());
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redis.server().port());
	}

	@Test
	void aLowerMaxEntriesOnLocalMemoryEvictsAtOnce(CapturedOutput output) {
		ExtendedCache local = cache("local");
		for (int i = 0; i < 100; i++) {
			local.put(i, "v" + i);
		}
		long evictions = local.statistics().evictions();
		HttpResponse<String> response = this.client.post("/local", "{\"maxEntries\": 10}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = EndpointClient.parse(response);
		assertThat(body.get("settings").get("maxEntries").asLong()).isEqualTo(10);
		assertThat(body.get("size").asLong()).isEqualTo(10);
		assertThat(local.size()).hasValue(10);
		assertThat(local.settings().maxEntries()).isEqualTo(10);
		assertThat(local.statistics().evictions() - evictions).isEqualTo(90);
		assertThat(output).contains("i.p.a.PolycacheEndpoint", "Cache 'local': max-entries changed from 100 to 10 "
				+ "through the polycache endpoint");
		assertThat(this.client.read("/local").get("statistics").get("evictions").asLong())
			.isEqualTo(local.statistics().evictions());
	}

	@Test
	void aLowerMaxEntriesOnTheFileSystemEvictsAtOnce(CapturedOutput output) {
		ExtendedCache files = cache("files");
		for (int i = 0; i < 100; i++) {
			files.put("k" + i, "v" + i);
		}
		HttpResponse<String> response = this.client.post("/files", "{\"maxEntries\": 20, \"ttl\": \"1h\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(files.size()).hasValue(20);
		assertThat(files.settings().maxEntries()).isEqualTo(20);
		assertThat(EndpointClient.parse(response).get("settings").get("ttl").asString()).isEqualTo("PT1H");
		assertThat(output).contains("Cache 'files': max-entries changed from 100 to 20",
				"Cache 'files': ttl changed from PT0S to PT1H through the polycache endpoint "
						+ "(for entries written from now on)");
	}

	@Test
	void aLowerNearMaxEntriesOnRedisEvictsNearCopies(CapturedOutput output) {
		ExtendedCache near = cache("near");
		for (int i = 0; i < 100; i++) {
			near.put("k" + i, "v" + i);
		}
		// A read fills the near tier only once the write's own invalidation came back from redis.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (near.nearStatistics().orElseThrow().size() < 100 && System.nanoTime() < deadline) {
			for (int i = 0; i < 100; i++) {
				near.get("k" + i);
			}
		}
		assertThat(near.nearStatistics().orElseThrow().size()).isEqualTo(100);
		HttpResponse<String> response = this.client.post("/near", "{\"nearMaxEntries\": 10}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = EndpointClient.parse(response);
		assertThat(body.get("near").get("maxEntries").asLong()).isEqualTo(10);
		assertThat(body.get("near").get("size").asLong()).isEqualTo(10);
		assertThat(body.get("near").get("statistics").get("evictions").asLong()).isEqualTo(90);
		assertThat(near.settings().near().maxEntries()).isEqualTo(10);
		assertThat(near.get("k99", String.class)).as("the shared entries stay").isEqualTo("v99");
		assertThat(near.get("k0", String.class)).isEqualTo("v0");
		assertThat(output).contains("Cache 'near': near.max-entries changed from 100 to 10");
	}

	@Test
	void redisRefusesItsOwnMaxEntriesAndTtl(CapturedOutput output) {
		ExtendedCache sessions = cache("sessions");
		HttpResponse<String> response = this.client.post("/sessions", "{\"maxEntries\": 10, \"ttl\": \"1m\"}");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(EndpointClient.parse(response).get("error").asString())
			.isEqualTo("Cannot change max-entries and ttl of cache 'sessions': its store does not bound or expire "
					+ "its entries in this application (backend redis: the server evicts by its own policy, and "
					+ "every instance writes with its configured ttl; change them in the configuration)");
		assertThat(sessions.settings().ttl()).hasMinutes(30);
		assertThat(this.client.post("/near", "{\"maxEntries\": 10}").statusCode()).as("redis behind a near tier")
			.isEqualTo(409);
		assertThat(output).doesNotContain("Cache 'sessions': ttl changed", "Cache 'near': max-entries changed");
	}

	@Test
	void badRequestsAreRefused() {
		assertThat(this.client.post("/local", "{}").statusCode()).isEqualTo(400);
		HttpResponse<String> negative = this.client.post("/local", "{\"maxEntries\": -1}");
		assertThat(negative.statusCode()).isEqualTo(400);
		assertThat(EndpointClient.parse(negative).get("error").asString())
			.isEqualTo("Cannot change cache 'local': max-entries must be 0 (unbounded) or more: -1");
		assertThat(this.client.post("/local", "{\"nearMaxEntries\": 5}").statusCode()).isEqualTo(409);
		assertThat(this.client.post("/nope", "{\"maxEntries\": 5}").statusCode()).isEqualTo(404);
		assertThat(this.client.delete("/keys?key=x&keyType=uuid").statusCode()).isEqualTo(400);
		assertThat(this.client.delete("/keys?key=x&keyType=long").statusCode()).isEqualTo(400);
	}

	@Test
	void clearsACache(CapturedOutput output) {
		ExtendedCache sessions = cache("sessions");
		sessions.put("a", "1");
		sessions.put("b", "2");
		assertThat(this.client.delete("/sessions").statusCode()).isEqualTo(204);
		assertThat(sessions.get("a")).isNull();
		assertThat(sessions.get("b")).isNull();
		assertThat(output).contains("Cache 'sessions' cleared through the polycache endpoint");
	}

	@Test
	void evictsOneStringOrLongKeyAndNoOther(CapturedOutput output) {
		ExtendedCache keys = cache("keys");
		keys.put(42L, "long");
		keys.put("42", "string");
		keys.put(7L, "seven");
		HttpResponse<String> asLong = this.client.delete("/keys?key=42&keyType=long");
		assertThat(asLong.statusCode()).isEqualTo(200);
		JsonNode body = EndpointClient.parse(asLong);
		assertThat(body.get("evicted").asBoolean()).isTrue();
		assertThat(body.get("keyType").asString()).isEqualTo("long");
		assertThat(keys.get(42L)).isNull();
		assertThat(keys.get("42", String.class)).as("the string key is another key").isEqualTo("string");
		HttpResponse<String> asString = this.client.delete("/keys?key=42");
		assertThat(EndpointClient.parse(asString).get("evicted").asBoolean()).isTrue();
		assertThat(keys.get("42")).isNull();
		assertThat(EndpointClient.parse(this.client.delete("/keys?key=7")).get("evicted").asBoolean())
			.as("the string 7 was never cached").isFalse();
		assertThat(keys.get(7L, String.class)).isEqualTo("seven");
		assertThat(output).contains("Cache 'keys': key 42 (long) evicted through the polycache endpoint",
				"Cache 'keys': key 42 (string) evicted through the polycache endpoint",
				"Cache 'keys': key 7 (string) evicted through the polycache endpoint; it held no entry");
	}

	@Test
	void aKeyWithALineBreakForgesNoLogLine(CapturedOutput output) {
		ExtendedCache keys = cache("keys");
		keys.put("a\nb", "v");
		HttpResponse<String> response = this.client
			.delete("/keys?key=a%0AINFO%20forged%0D%0A%5C%09%1B");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(EndpointClient.parse(response).get("key").asString()).isEqualTo("a\nINFO forged\r\n\\\t\u001b");
		assertThat(output).contains("Cache 'keys': key a\\nINFO forged\\r\\n\\\\\\t\\u001b (string) evicted")
			.doesNotContain("\nINFO forged");
		assertThat(EndpointClient.parse(this.client.delete("/keys?key=a%0Ab")).get("evicted").asBoolean()).isTrue();
		assertThat(output).contains("Cache 'keys': key a\\nb (string) evicted through the polycache endpoint\n");
	}

	@Test
	void aKeyTypeWithoutAKeyClearsNothing(CapturedOutput output) {
		ExtendedCache keys = cache("keys");
		keys.put(1L, "one");
		HttpResponse<String> misspelt = this.client.delete("/keys?kye=1&keyType=long");
		assertThat(misspelt.statusCode()).isEqualTo(400);
		assertThat(EndpointClient.parse(misspelt).get("error").asString())
			.isEqualTo("keyType is given without a key: give the key to evict, or neither to clear the cache");
		assertThat(this.client.delete("/keys?key=&keyType=long").statusCode()).isEqualTo(400);
		HttpResponse<String> empty = this.client.delete("/keys?key=");
		assertThat(empty.statusCode()).as("the empty string is a key").isEqualTo(200);
		assertThat(EndpointClient.parse(empty).get("evicted").asBoolean()).isFalse();
		assertThat(keys.get(1L, String.class)).isEqualTo("one");
		assertThat(output).doesNotContain("Cache 'keys' cleared");
	}

}
