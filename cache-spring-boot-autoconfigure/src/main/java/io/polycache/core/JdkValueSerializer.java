package io.polycache.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * JDK serialization, reading back only classes the {@link ClassAllowList} allows. The
 * check runs on each class name in the stream before the class is even loaded, so a
 * rejected class is never initialized or instantiated. Dynamic proxies are refused.
 * <p>Thread-safe.
 */
public final class JdkValueSerializer implements ValueSerializer {

	private final ClassAllowList allowList;

	private final @Nullable ClassLoader classLoader;

	public JdkValueSerializer(ClassAllowList allowList) {
		this(allowList, ClassUtils.getDefaultClassLoader());
	}

	public JdkValueSerializer(ClassAllowList allowList, @Nullable ClassLoader classLoader) {
		this.allowList = allowList;
		this.classLoader = classLoader;
	}

	@Override
	public byte[] serialize(Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			throw new ValueSerializationException("Cannot serialize a " + value.getClass().getName()
					+ " with JDK serialization; make it Serializable or use the json serializer", ex);
		}
		return bytes.toByteArray();
	}

	@Override
	public Object deserialize(byte[] bytes) {
		try (ObjectInputStream in = new AllowListObjectInputStream(new ByteArrayInputStream(bytes))) {
			return in.readObject();
		}
		catch (RejectedClassException ex) {
			throw new ValueSerializationException(ex.getMessage(), ex, true);
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			throw new ValueSerializationException("Cannot read JDK-serialized value: " + ex, ex);
		}
	}

	private static final class RejectedClassException extends InvalidClassException {

		RejectedClassException(String className) {
			super(className, "not in the cache's class allow-list; add its package to cache.serialization.allowed-packages if it is trusted");
		}

	}

	private final class AllowListObjectInputStream extends ObjectInputStream {

		AllowListObjectInputStream(InputStream in) throws IOException {
			super(in);
		}

		@Override
		protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
			String name = description.getName();
			if (!JdkValueSerializer.this.allowList.isAllowed(name)) {
				throw new RejectedClassException(name);
			}
			try {
				return ClassUtils.forName(name, JdkValueSerializer.this.classLoader);
			}
			catch (ClassNotFoundException ex) {
				return super.resolveClass(description);
			}
		}

		@Override
		protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
			throw new RejectedClassException("a dynamic proxy of " + String.join(", ", interfaces));
		}

	}

}
