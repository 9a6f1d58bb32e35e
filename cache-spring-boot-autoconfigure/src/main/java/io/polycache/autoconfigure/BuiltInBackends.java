package io.polycache.autoconfigure;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The backend types Polycache ships, and what an application needs for those that depend
 * on a client library: said when a cache names such a type and its provider is missing.
 */
final class BuiltInBackends {

	static final String LOCAL_MEMORY = "local-memory";

	static final String NONE = "none";

	/** The property groups of the built-in backends under {@code cache.backends.<name>}. */
	static final Set<String> GROUPS = Set.of("file-system", "memcached");

	private static final Map<String, String> REQUIREMENTS = Map.of("memcached",
			"it needs the xmemcached client, which is not on the classpath. "
					+ "Add the dependency com.googlecode.xmemcached:xmemcached (2.4.9 or later)",
			"redis", "it needs Spring Data Redis, which is not on the classpath. Add the dependency "
					+ "org.springframework.boot:spring-boot-starter-data-redis and configure spring.data.redis.*");

	private BuiltInBackends() {
	}

	/**
	 * A type as written, in the form providers declare: {@code REDIS}, {@code Local_Memory}
	 * and {@code local-memory} name the same backend, as they did when the type was an enum.
	 */
	static String normalize(String type) {
		return type.strip().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** What the application needs for a built-in type it lacks the library of; {@code null} for any other type. */
	static @Nullable String requirement(String type) {
		return REQUIREMENTS.get(type);
	}

}
