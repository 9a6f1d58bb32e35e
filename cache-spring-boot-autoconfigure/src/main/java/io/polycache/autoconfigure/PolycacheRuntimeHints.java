package io.polycache.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

import io.polycache.file.FileSystemProperties;
import io.polycache.memcached.MemcachedCacheProperties;

/**
 * What Polycache reaches by reflection, for ahead-of-time processing and native images:
 * <ul>
 * <li>the property groups the built-in providers bind at start-up through
 * {@code StoreContext.properties(Class)} ({@code file-system.*}, {@code memcached.*} under a
 * cache), which Spring Boot's own hints for {@code @ConfigurationProperties} do not see;</li>
 * <li>the envelope of the {@code json} serializer, which Jackson reads and writes by
 * reflection;</li>
 * <li>with the actuator, the answers of the {@code polycache} endpoint, which Jackson
 * writes by reflection: its operations return them as {@code Object} in a
 * {@code WebEndpointResponse}, where the actuator's own hints do not see them.</li>
 * </ul>
 * Values themselves are the application's: their classes need the application's hints
 * (serialization for {@code jdk}, reflection for {@code json}). The {@code null} marker and
 * load times are written by Polycache's own codec, never by reflection, and the redis
 * scripts are strings in the code, not resources.
 */
class PolycacheRuntimeHints implements RuntimeHintsRegistrar {

	static final String JSON_ENVELOPE = "io.polycache.internal.JsonValueSerializer$Envelope";

	private static final String ENDPOINT = "org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(FileSystemProperties.class, MemcachedCacheProperties.class)
			.registerHints(hints, classLoader);
		hints.reflection()
			.registerType(TypeReference.of(JSON_ENVELOPE), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
					MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.INVOKE_PUBLIC_METHODS,
					MemberCategory.ACCESS_DECLARED_FIELDS);
		if (ClassUtils.isPresent(ENDPOINT, classLoader)) {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					PolycacheEndpoint.CachesDescriptor.class, PolycacheEndpoint.CacheDescriptor.class);
		}
	}

}
