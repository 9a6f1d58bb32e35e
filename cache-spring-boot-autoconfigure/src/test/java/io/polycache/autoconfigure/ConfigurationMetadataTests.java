package io.polycache.autoconfigure;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.io.ClassPathResource;

import io.polycache.core.CacheSettings;

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

	/** Spring Boot's processor documents an endpoint's access as unrestricted whatever its default; ours is not. */
	@Test
	void thePolycacheEndpointIsDocumentedReadOnly() throws Exception {
		List<Map<String, Object>> access;
		try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			access = JsonPath.read(json, "$.properties[?(@.name == 'management.endpoint.polycache.access')]");
		}
		assertThat(access).singleElement().satisfies((property) -> {
			assertThat(property.get("defaultValue")).isEqualTo("read-only");
			assertThat(ApplicationConversionService.getSharedInstance().convert("read-only", Access.class))
				.isEqualTo(PolycacheEndpoint.class.getAnnotation(WebEndpoint.class).defaultAccess());
		});
	}

	@Test
	void everyDefaultIsDocumentedWithTheValueCacheSettingsUses() throws Exception {
		List<Map<String, Object>> defaults;
		try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			defaults = JsonPath.read(json, "$.properties[?(@.name =~ /cache\\.defaults\\..*/)]");
		}
		CacheSettings settings = CacheSettings.defaults("any");
		Map<String, RecordComponent> components = new HashMap<>();
		for (RecordComponent component : CacheSettings.class.getRecordComponents()) {
			components.put(DataObjectPropertyName.toDashedForm(component.getName()), component);
		}
		assertThat(defaults).hasSize(new CacheSettingsProperties().getClass().getDeclaredFields().length);
		for (Map<String, Object> property : defaults) {
			String name = ((String) property.get("name")).substring("cache.defaults.".length());
			RecordComponent component = components.get(name);
			assertThat(component).as("setting %s", name).isNotNull();
			assertThat(property).as("default of %s", name).containsKey("defaultValue");
			Object documented = ApplicationConversionService.getSharedInstance()
				.convert(property.get("defaultValue"), component.getType());
			assertThat(documented).as("default of %s", name).isEqualTo(component.getAccessor().invoke(settings));
		}
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
