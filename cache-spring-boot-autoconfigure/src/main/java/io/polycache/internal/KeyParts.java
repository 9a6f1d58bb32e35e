package io.polycache.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.util.ReflectionUtils;

/**
 * What {@link KeyEncoder} reads from keys by reflection: a {@code SimpleKey}'s parameters
 * (it has no accessor), a record's components, and whether a class has its own
 * {@code toString()}. Lookups are cached per class. Stateless and thread-safe.
 */
final class KeyParts {

	private static final Field SIMPLE_KEY_PARAMS = simpleKeyParams();

	private static final ClassValue<Boolean> HAS_OWN_TO_STRING = new ClassValue<>() {
		@Override
		protected Boolean computeValue(Class<?> type) {
			Method toString = ReflectionUtils.findMethod(type, "toString");
			return toString != null && toString.getDeclaringClass() != Object.class;
		}
	};

	/** Each record type's accessors, or {@code null} when they cannot be called. */
	private static final ClassValue<Method @Nullable []> RECORD_ACCESSORS = new ClassValue<>() {
		@Override
		protected Method @Nullable [] computeValue(Class<?> type) {
			RecordComponent[] components = type.getRecordComponents();
			Method[] accessors = new Method[components.length];
			try {
				for (int i = 0; i < components.length; i++) {
					accessors[i] = components[i].getAccessor();
					ReflectionUtils.makeAccessible(accessors[i]);
				}
				return accessors;
			}
			catch (InaccessibleObjectException | SecurityException ex) {
				// A record in a module that does not open it: the encoder falls back to toString().
				return null;
			}
		}
	};

	private KeyParts() {
	}

	/** The method parameters a {@code SimpleKey} holds, in order. */
	static List<@Nullable Object> params(SimpleKey key) {
		Object[] params = (Object[]) ReflectionUtils.getField(SIMPLE_KEY_PARAMS, key);
		return (params != null) ? Arrays.asList(params) : List.of();
	}

	/** Whether {@code type} or a superclass other than {@code Object} declares {@code toString()}. */
	static boolean hasOwnToString(Class<?> type) {
		return HAS_OWN_TO_STRING.get(type);
	}

	/** Whether {@link #components(Record)} can read this record. */
	static boolean hasReadableComponents(Record record) {
		return RECORD_ACCESSORS.get(record.getClass()) != null;
	}

	/**
	 * The record's component values, in declaration order.
	 * @throws IllegalArgumentException if an accessor fails
	 */
	static List<@Nullable Object> components(Record record) {
		Method[] accessors = RECORD_ACCESSORS.get(record.getClass());
		List<@Nullable Object> values = new ArrayList<>((accessors != null) ? accessors.length : 0);
		for (Method accessor : (accessors != null) ? accessors : new Method[0]) {
			try {
				values.add(accessor.invoke(record));
			}
			catch (IllegalAccessException | InvocationTargetException ex) {
				throw new IllegalArgumentException(
						"Cache key " + record + ": cannot read its component " + accessor.getName(), ex);
			}
		}
		return values;
	}

	private static Field simpleKeyParams() {
		Field params = ReflectionUtils.findField(SimpleKey.class, "params", Object[].class);
		if (params == null) {
			throw new IllegalStateException("This Spring version's SimpleKey has no 'params' field");
		}
		ReflectionUtils.makeAccessible(params);
		return params;
	}

}
