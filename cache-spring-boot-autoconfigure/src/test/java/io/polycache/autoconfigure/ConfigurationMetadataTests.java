package io.polycache.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code cache.*} property is documented for IDE completion. */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasADescription() throws Exception {
		List<Map<String, Object>> properties;
		try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			properties = JsonPath.read(json, "$.properties[*]");
		}
		assertThat(properties).extracting(property -> property.get("name"))
			.contains("cache.enabled", "cache.backends", "cache.defaults.ttl", "cache.defaults.max-entries",
					"cache.defaults.eviction", "cache.defaults.cache-null-values", "cache.defaults.key-prefix",
					"cache.defaults.version");
		assertThat(properties).allSatisfy(property -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank());
	}

	@Test
	void backendPropertiesAreDocumentedThroughTheirType() throws Exception {
		List<Map<String, Object>> groups;
		try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			groups = JsonPath.read(json, "$.properties[?(@.name == 'cache.backends')]");
		}
		assertThat(groups).singleElement()
			.extracting(property -> property.get("type"))
			.asString()
			.contains(PolycacheProperties.Backend.class.getName().replace('$', '.').replace(".Backend", "$Backend"));
	}

}
