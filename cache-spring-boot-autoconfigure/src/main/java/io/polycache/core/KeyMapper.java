package io.polycache.core;

import java.lang.reflect.Method;
import java.util.regex.Pattern;

import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.util.ReflectionUtils;

/**
 * Turns an application's cache key into the key a store holds.
 * <p>In-process stores use the key object itself ({@link #identity()}); shared stores
 * need a string that means the same thing in every process and after every restart
 * ({@link #prefixed(String)}). A key whose string form is {@code Object}'s identity
 * string ({@code com.example.Foo@1b6d3586}) has no such meaning, so it is rejected
 * rather than stored under a string that no other process could ever ask for.
 */
@FunctionalInterface
public interface KeyMapper {

	/**
	 * The store key for an application key.
	 * @throws IllegalArgumentException if the key cannot be stored by this mapper
	 */
	Object toStoreKey(Object key);

	/** Keys used as they are, for stores that live in this JVM. */
	static KeyMapper identity() {
		return key -> key;
	}

	/** Keys as {@code namespace + key.toString()}, for stores shared between processes. */
	static KeyMapper prefixed(String namespace) {
		return key -> namespace + StableKeys.stringForm(key);
	}

	/** The stable string form of keys, shared by every string-keyed mapper. */
	final class StableKeys {

		private static final ClassValue<Boolean> HAS_OWN_TO_STRING = new ClassValue<>() {
			@Override
			protected Boolean computeValue(Class<?> type) {
				Method toString = ReflectionUtils.findMethod(type, "toString");
				return toString != null && toString.getDeclaringClass() != Object.class;
			}
		};

		/** {@code SimpleKey} prints its parameters; this finds an identity string among them. */
		private static final Pattern IDENTITY_STRING = Pattern
			.compile("(?<![\\w$.])[\\p{Alpha}_$][\\w$]*(\\.[\\p{Alpha}_$][\\w$]*)*@\\p{XDigit}{1,8}(?![\\w$])");

		private StableKeys() {
		}

		static String stringForm(Object key) {
			if (key instanceof String string) {
				return string;
			}
			if (!HAS_OWN_TO_STRING.get(key.getClass())) {
				throw unstable(key, key.getClass().getName());
			}
			String form = key.toString();
			if (key instanceof SimpleKey && IDENTITY_STRING.matcher(form).find()) {
				throw unstable(key, "a method parameter inside " + form);
			}
			return form;
		}

		private static IllegalArgumentException unstable(Object key, String culprit) {
			return new IllegalArgumentException("Cache key " + key + " has no stable string form: " + culprit
					+ " does not override toString(), so the key would differ in every process. "
					+ "Give it a toString() built from its fields, or use a key expression such as key = \"#id\"");
		}

	}

}
