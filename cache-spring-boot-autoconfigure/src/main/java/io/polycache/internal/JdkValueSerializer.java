package io.polycache.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

import io.polycache.core.ValueSerializationException;
import io.polycache.core.ValueSerializer;

/**
 * JDK serialization, reading back only classes the {@link ClassAllowList} allows. The
 * check runs on each class name in the stream before the class is even loaded, so a
 * rejected class is never initialized or instantiated. Dynamic proxies are refused.
 * <p>Every read is bounded by {@link SerializationLimits}: a JEP 290 filter on the stream
 * refuses deep nesting, too many references, long arrays (or arrays longer than the bytes
 * could hold), and reads that run too long; and each object read is checked for how many
 * objects it expands to through shared references, which is what hashing a set of them
 * costs. A JVM-wide filter ({@code jdk.serialFilter}) still applies after this one.
 * <p>Thread-safe.
 */
public final class JdkValueSerializer implements ValueSerializer {

	private final ClassAllowList allowList;

	private final @Nullable ClassLoader classLoader;

	private final SerializationLimits limits;

	/** Reads with the default {@link SerializationLimits}. */
	public JdkValueSerializer(ClassAllowList allowList) {
		this(allowList, ClassUtils.getDefaultClassLoader());
	}

	/** Reads with the default {@link SerializationLimits}. */
	public JdkValueSerializer(ClassAllowList allowList, @Nullable ClassLoader classLoader) {
		this(allowList, classLoader, SerializationLimits.defaults());
	}

	public JdkValueSerializer(ClassAllowList allowList, @Nullable ClassLoader classLoader,
			SerializationLimits limits) {
		this.allowList = allowList;
		this.classLoader = classLoader;
		this.limits = limits;
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
		ReadBudget budget = new ReadBudget(this.limits, bytes.length);
		try (ObjectInputStream in = new AllowListObjectInputStream(new ByteArrayInputStream(bytes), budget)) {
			return in.readObject();
		}
		catch (RejectedClassException ex) {
			throw new ValueSerializationException(ex.getMessage(), ex, true);
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			String refusal = budget.refusal();
			throw new ValueSerializationException((refusal != null) ? "Refused to read JDK-serialized value: " + refusal
					: "Cannot read JDK-serialized value: " + ex, ex);
		}
	}

	private static final class RejectedClassException extends InvalidClassException {

		RejectedClassException(String className) {
			super(className, "not in the cache's class allow-list; add its package to cache.serialization.allowed-packages if it is trusted");
		}

	}

	private final class AllowListObjectInputStream extends ObjectInputStream {

		private final ReadBudget budget;

		AllowListObjectInputStream(InputStream in, ReadBudget budget) throws IOException {
			super(in);
			this.budget = budget;
			ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
			setObjectInputFilter((global != null) ? ObjectInputFilter.merge(budget, global) : budget);
			enableResolveObject(true);
		}

		@Override
		protected Object resolveObject(Object object) throws InvalidObjectException {
			this.budget.read(object);
			return object;
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
