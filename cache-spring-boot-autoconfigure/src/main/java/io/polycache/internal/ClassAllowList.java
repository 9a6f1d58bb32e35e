package io.polycache.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The classes a serializer may instantiate when it reads bytes back: the JDK's value and
 * collection types, Spring's cache value types, and classes in the given packages (and
 * their sub-packages). Decided by class name, before a class is loaded. Classes in the
 * default package are never allowed, and a package of one segment ({@code com},
 * {@code org}, {@code acme}) is refused: it would admit every library under it, such as
 * {@code com.sun.*}.
 * <p>Immutable and thread-safe.
 */
public final class ClassAllowList {

	/** JDK packages whose classes are values: strings, numbers, time, collections. */
	private static final List<String> JDK_PACKAGES = List.of("java.time.", "java.util.");

	private static final Set<String> JDK_CLASSES = Set.of("java.lang.String", "java.lang.Boolean",
			"java.lang.Character", "java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
			"java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.Enum", "java.lang.Record",
			"java.lang.Object", "java.math.BigDecimal", "java.math.BigInteger", "java.net.URI",
			"java.util.UUID", "org.springframework.cache.support.NullValue",
			"org.springframework.cache.interceptor.SimpleKey");

	/**
	 * Classes directly in an allowed JDK package that do more than hold values. Sub-packages
	 * ({@code java.util.concurrent} and the like) are never allowed.
	 */
	private static final List<String> JDK_DENIED_PREFIXES = List.of("java.util.ServiceLoader", "java.util.Timer",
			"java.util.Scanner", "java.util.ResourceBundle", "java.util.EventListener", "java.util.Observable");

	private final List<String> packages;

	private ClassAllowList(List<String> packages) {
		this.packages = packages;
	}

	/** The primitive type codes of array descriptors, such as {@code J} in {@code [J}. */
	private static final String PRIMITIVE_CODES = "ZBCSIJFD";

	/**
	 * JDK value types plus classes in {@code packages}, such as
	 * {@code com.example.shared}; a class in a sub-package is allowed too. Blank entries
	 * are ignored.
	 * @throws IllegalArgumentException if a package is {@linkplain #isTooBroad too broad}
	 */
	public static ClassAllowList of(Collection<String> packages) {
		List<String> prefixes = new ArrayList<>();
		for (String name : packages) {
			String trimmed = name.strip();
			if (trimmed.isEmpty()) {
				continue;
			}
			if (isTooBroad(trimmed)) {
				throw new IllegalArgumentException("Package '" + trimmed + "' is too broad for the class allow-list: "
						+ "it would admit every class under '" + packageName(trimmed) + ".', libraries' included");
			}
			prefixes.add(packageName(trimmed) + ".");
		}
		return new ClassAllowList(List.copyOf(prefixes));
	}

	/**
	 * Whether allowing the package would admit classes beyond an application's own: a
	 * package of a single segment, such as {@code com} (which holds {@code com.sun.*}) or
	 * {@code org}, or the default package.
	 */
	public static boolean isTooBroad(String packageName) {
		String name = packageName(packageName.strip());
		return name.isEmpty() || name.indexOf('.') < 0;
	}

	private static String packageName(String name) {
		return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
	}

	/** The packages allowed beyond the JDK's value types. */
	public List<String> packages() {
		return this.packages.stream().map(prefix -> prefix.substring(0, prefix.length() - 1)).toList();
	}

	/**
	 * Whether a class of that name, or an array of it, may be instantiated. Arrays of
	 * primitives and of allowed classes are allowed; classes in the default package never.
	 */
	public boolean isAllowed(String className) {
		int dimensions = 0;
		while (dimensions < className.length() && className.charAt(dimensions) == '[') {
			dimensions++;
		}
		String element = className.substring(dimensions);
		if (dimensions > 0 && element.length() == 1) {
			return PRIMITIVE_CODES.indexOf(element.charAt(0)) >= 0;
		}
		if (dimensions > 0 && !(element.startsWith("L") && element.endsWith(";"))) {
			return false;
		}
		String name = (dimensions > 0) ? element.substring(1, element.length() - 1) : element;
		if (name.indexOf('.') <= 0) {
			return false;
		}
		if (JDK_CLASSES.contains(name)) {
			return true;
		}
		for (String prefix : this.packages) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		for (String denied : JDK_DENIED_PREFIXES) {
			if (name.startsWith(denied)) {
				return false;
			}
		}
		for (String prefix : JDK_PACKAGES) {
			if (name.startsWith(prefix) && name.indexOf('.', prefix.length()) < 0) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "ClassAllowList[JDK value types, " + packages() + "]";
	}

}
