package io.polycache.internal;

import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The limits of one JDK read: a JEP 290 filter for depth, references, stream bytes and
 * array lengths, and a check on every object read of how many objects it expands to when
 * shared parts are counted once per reference. That expanded size is what hashing costs:
 * a set of sets sharing their members ("SerialDOS") doubles it per level without growing
 * the stream, and is refused once it passes the limit (the smaller of
 * {@code maxExpandedObjects} and 64 per byte of the value), before a larger one is hashed.
 * A read that has used more CPU time than its limit is refused at its next object or
 * reference (CPU time, so a busy machine does not refuse real values; the clock is read
 * only once wall time says the limit may have passed); the expanded-size check bounds the
 * work between two of those.
 * <p>One instance per stream; not thread-safe. {@link #refusal()} says why a read was refused.
 */
final class ReadBudget implements ObjectInputFilter {

	/**
	 * No real stream claims more array or table slots than 8 per byte: a hash table has at
	 * most 8 slots per entry (load factor 0.25, rounded up), and each entry takes a byte.
	 */
	private static final int SLOTS_PER_BYTE = 8;

	/**
	 * How many objects a value may expand to per byte it holds. A value without shared
	 * parts expands to fewer objects than it has bytes; sharing a large part many times
	 * is rare, and a hostile value, whose expansion doubles with each few dozen bytes, is
	 * refused before hashing it costs more than a few hundred steps per byte.
	 */
	private static final long EXPANSION_PER_BYTE = 64;

	/**
	 * How many times the per-object expansion limit all objects of one value may expand to,
	 * added together. A collection whose elements are each just within the limit is hashed
	 * element by element where nothing can stop it (an immutable {@code Set.of} hashes them
	 * all in its {@code readResolve}); a real value's objects add up to its size times its
	 * depth, well within this.
	 */
	private static final long TOTAL_EXPANSIONS = 16;

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final ClassValue<Field[]> REFERENCE_FIELDS = new ClassValue<>() {
		@Override
		protected Field[] computeValue(Class<?> type) {
			return referenceFields(type);
		}
	};

	private final SerializationLimits limits;

	private final int payloadLength;

	private final IdentityHashMap<Object, Long> expanded = new IdentityHashMap<>();

	/** The expanded sizes of every object read so far that has parts, added together. */
	private long totalExpanded;

	private final long cpuAtStart = cpuTime();

	/** Until then the read cannot have used its CPU time: wall time bounds CPU time. */
	private long nextCpuCheck;

	private @Nullable String refusal;

	ReadBudget(SerializationLimits limits, int payloadLength) {
		this.limits = limits;
		this.payloadLength = payloadLength;
		this.nextCpuCheck = System.nanoTime() + limits.maxReadTime().toNanos();
	}

	@Override
	public Status checkInput(FilterInfo info) {
		if (info.depth() > this.limits.maxDepth()) {
			return refuse("objects nest deeper than " + this.limits.maxDepth() + " (cache.serialization.max-depth)");
		}
		if (info.references() > this.limits.maxReferences()) {
			return refuse("more than " + this.limits.maxReferences()
					+ " objects and references (cache.serialization.max-references)");
		}
		if (info.streamBytes() > this.limits.maxBytes()) {
			return refuse("more than " + this.limits.maxBytes() + " bytes (cache.serialization.max-bytes)");
		}
		long length = info.arrayLength();
		if (length > this.limits.maxArrayLength()) {
			return refuse("an array of " + length + " elements, more than " + this.limits.maxArrayLength()
					+ " (cache.serialization.max-array-length)");
		}
		if (length > (long) SLOTS_PER_BYTE * this.payloadLength) {
			return refuse("an array of " + length + " elements in a value of only " + this.payloadLength + " bytes");
		}
		if (System.nanoTime() - this.nextCpuCheck >= 0) {
			long left = this.limits.maxReadTime().toNanos() - (cpuTime() - this.cpuAtStart);
			if (left <= 0) {
				return refuse("objects that took more than " + this.limits.maxReadTime().toMillis()
						+ " ms of CPU time to read (cache.serialization.max-read-time)");
			}
			this.nextCpuCheck = System.nanoTime() + left;
		}
		return Status.UNDECIDED;
	}

	/** This thread's CPU time, or wall time where the JVM cannot tell. */
	private static long cpuTime() {
		long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
		return (cpu >= 0) ? cpu : System.nanoTime();
	}

	/**
	 * Records how many objects {@code object}, just read, expands to.
	 * @throws InvalidObjectException if that is more than the limit
	 */
	void read(Object object) throws InvalidObjectException {
		long limit = Math.min(this.limits.maxExpandedObjects(), EXPANSION_PER_BYTE * this.payloadLength);
		long size = 1;
		for (Object part : parts(object)) {
			size += (part != null) ? this.expanded.getOrDefault(part, 1L) : 0;
			if (size > limit) {
				refuse("a graph of shared objects expanding to more than " + limit + " objects (at most "
						+ EXPANSION_PER_BYTE + " per byte of the value, and cache.serialization.max-expanded-objects)");
				throw new InvalidObjectException(this.refusal);
			}
		}
		if (size > 1) {
			this.expanded.put(object, size);
			this.totalExpanded += size;
			if (this.totalExpanded > TOTAL_EXPANSIONS * limit) {
				refuse("objects expanding, added together, to more than " + TOTAL_EXPANSIONS * limit + " objects ("
						+ TOTAL_EXPANSIONS + " times cache.serialization.max-expanded-objects, or "
						+ EXPANSION_PER_BYTE + " per byte of the value)");
				throw new InvalidObjectException(this.refusal);
			}
		}
	}

	/** Why the read was refused, if it was. */
	@Nullable String refusal() {
		return this.refusal;
	}

	private Status refuse(String reason) {
		if (this.refusal == null) {
			this.refusal = "the value holds " + reason;
		}
		return Status.REJECTED;
	}

	/**
	 * What hashing or comparing the object may visit. Arrays of objects count: an array
	 * hashes by identity, but {@code Arrays.deepHashCode} (behind {@code SimpleKey}, and
	 * many an application's {@code hashCode}) visits every element, again and again for a
	 * shared one.
	 */
	private static Iterable<?> parts(Object object) {
		if (object instanceof Collection<?> collection) {
			return collection;
		}
		if (object instanceof Object[] array) {
			return Arrays.asList(array);
		}
		if (object instanceof Map<?, ?> map) {
			List<Object> parts = new ArrayList<>(map.size() * 2);
			map.forEach((key, value) -> {
				parts.add(key);
				parts.add(value);
			});
			return parts;
		}
		if (object instanceof Map.Entry<?, ?> entry) {
			return Arrays.asList(entry.getKey(), entry.getValue());
		}
		Field[] fields = REFERENCE_FIELDS.get(object.getClass());
		if (fields.length == 0) {
			return List.of();
		}
		List<Object> parts = new ArrayList<>(fields.length);
		for (Field field : fields) {
			try {
				parts.add(field.get(object));
			}
			catch (IllegalAccessException ex) {
				// referenceFields only returns fields it made accessible.
				throw new IllegalStateException(ex);
			}
		}
		return parts;
	}

	/**
	 * The instance fields holding references, in the application's classes and their
	 * superclasses; JDK classes other than collections are values whose parts cannot be
	 * shared graphs, and their fields are out of reach anyway.
	 */
	private static Field[] referenceFields(Class<?> type) {
		List<Field> fields = new ArrayList<>();
		for (Class<?> current = type; current != null && !isJdk(current); current = current.getSuperclass()) {
			for (Field field : current.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
					try {
						field.setAccessible(true);
						fields.add(field);
					}
					catch (InaccessibleObjectException | SecurityException ex) {
						// A module that does not open its classes: counted as one object.
					}
				}
			}
		}
		return fields.toArray(Field[]::new);
	}

	private static boolean isJdk(Class<?> type) {
		String name = type.getName();
		return type.isArray() || name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.");
	}

}
