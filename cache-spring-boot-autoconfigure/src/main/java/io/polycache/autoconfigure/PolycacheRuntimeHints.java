package io.polycache.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

import io.polycache.file.FileSystemProperties;
import io.polycache.memcached.MemcachedCacheProperties;

/**
 * What Polycache reaches by reflection, for ahead-of-time processing and native images:
 * <ul>
 * <li>the property groups the built-in providers bind at start-up through
 * {@code StoreContext.properties(Class)} ({@code file-system.*}, {@code memcached.*} under a
 * cache), which Spring Boot's own hints for {@code @ConfigurationProperties} do not see;</li>
 * <li>the envelope of the {@code json} serializer, which Jackson reads and writes by
 * reflection.</li>
 * </ul>
 * Values themselves are the application's: their classes need the application's hints
 * (serialization for {@code jdk}, reflection for {@code json}). The {@code null} marker and
 * load times are written by Polycache's own codec, never by reflection, and the redis
 * scripts are strings in the code, not resources.
 */
class PolycacheRuntimeHints implements RuntimeHintsRegistrar {

	static final String JSON_ENVELOPE = "io.polycache.internal.JsonValueSerializer$Envelope";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(FileSystemProperties.class, MemcachedCacheProperties.class)
			.registerHints(hints, classLoader);
		hints.reflection()
			.registerType(TypeReference.of(JSON_ENVELOPE), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
					MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.INVOKE_PUBLIC_METHODS,
					MemberCategory.ACCESS_DECLARED_FIELDS);
	}

}
