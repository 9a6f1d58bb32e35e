package io.polycache.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.interceptor.SimpleKey;

/**
 * The string form of cache keys in every shared store (file system, memcached, redis):
 * injective, so two keys that are not {@code equals} never share a stored entry.
 * <ul>
 * <li>A {@code String} is itself ({@code user-42}), unless it starts with {@code ~} or holds
 * an unpaired surrogate: then it is {@code ~str:} and its escaped form.</li>
 * <li>Every other key is tagged and starts with {@code ~}: {@code ~long:42},
 * {@code ~int:42}, {@code ~short:}, {@code ~byte:}, {@code ~bigint:}, {@code ~decimal:1.50},
 * {@code ~double:}, {@code ~float:}, {@code ~bool:true}, {@code ~char:x}, {@code ~uuid:…},
 * {@code ~null}, java.time values by class ({@code ~LocalDate:2024-01-31}), a
 * {@code java.util.Date} by its epoch milliseconds ({@code ~date:1706659200000}), enums
 * {@code ~enum(com.example.Color,RED)}, Spring's {@code SimpleKey} {@code ~key(acme,x\, y)},
 * {@code ~list(…)}, {@code ~set(…)} (elements sorted, so equal sets agree),
 * {@code ~map(~list(k,v)…)}, {@code ~array(…)} and {@code ~int[](…)}, records
 * {@code ~record(com.example.Key,~long:7,en)} by their components, {@code ~optional(…)},
 * a {@code Map.Entry} {@code ~entry(k,v)}, any other collection (a queue, a deque)
 * {@code ~collection(class,…)} in its order, and a subclass of {@code Date}
 * ({@code java.sql.Timestamp} and the like) {@code ~date(class,millis[,nanos])}.</li>
 * <li>Inside a tagged form, strings are escaped: {@code \}, {@code ,}, {@code (},
 * {@code )} and {@code ~} get a leading {@code \}, an unpaired surrogate becomes
 * {@code \}{@code uXXXX}, and the empty string is {@code ~""}. So every separator in a form
 * is structure, never text, and the form can be read back one way only.</li>
 * <li>Any other type with its own {@code toString()} is {@code ~obj(class,toString)}: such
 * a key is only as distinct as its {@code toString()}. A key, or a part of one, whose
 * {@code toString()} is {@code Object}'s identity string is rejected with an
 * {@link IllegalArgumentException}: it would mean something else in every process.</li>
 * <li>A form longer than {@value #MAX_FORM_LENGTH} characters is replaced by
 * {@code ~sha256:} and the URL-safe Base64 SHA-256 of its UTF-8 bytes. No plain string
 * starts with {@code ~} and no other tag is {@code sha256}, so a hash never equals
 * another key's form.</li>
 * </ul>
 * Equal keys of the types above get equal forms (arrays by content, as
 * {@code SimpleKey} compares them). Keys nested deeper than {@value #MAX_DEPTH} levels, a
 * list holding itself for instance, are rejected.
 * <p>Why one class of about 350 lines: it is one grammar, and injectivity is a property of
 * the whole of it (every tag, every escape, the hash); each case is a few lines.
 * <p>Stateless and thread-safe.
 */
public final class KeyEncoder {

	/**
	 * The version of this format, part of every shared store's namespace. An entry
	 * written under another format lives under another stored key, so it is never read.
	 */
	public static final String FORMAT = "k2";

	/** The longest form kept as it is; longer ones are hashed. */
	public static final int MAX_FORM_LENGTH = 512;

	/** How deeply keys may nest. */
	static final int MAX_DEPTH = 32;

	private static final String HASHED = "~sha256:";

	/** Starts the form of a {@code String} key that cannot be written as it is. */
	private static final String STRING_TAG = "~str:";

	private static final HexFormat HEX = HexFormat.of();

	/**
	 * Types (exactly these, not subclasses) whose {@code toString()} tells every two
	 * unequal values apart; {@code BigDecimal}'s keeps the scale, as its {@code equals}
	 * does ({@code 1.5} and {@code 1.50} differ).
	 */
	private static final Map<Class<?>, String> SCALAR_TAGS = Map.ofEntries(Map.entry(Long.class, "long"),
			Map.entry(Integer.class, "int"), Map.entry(Short.class, "short"), Map.entry(Byte.class, "byte"),
			Map.entry(BigInteger.class, "bigint"), Map.entry(BigDecimal.class, "decimal"),
			Map.entry(Double.class, "double"), Map.entry(Float.class, "float"), Map.entry(Boolean.class, "bool"),
			Map.entry(Character.class, "char"), Map.entry(UUID.class, "uuid"));

	private KeyEncoder() {
	}

	/**
	 * The injective string form of {@code key}, at most {@value #MAX_FORM_LENGTH}
	 * characters long.
	 * @throws IllegalArgumentException if the key, or a part of it, has no stable string
	 * form, or nests too deeply
	 */
	public static String encode(Object key) {
		if (key instanceof String string && isPlain(string) && string.length() <= MAX_FORM_LENGTH) {
			return string;
		}
		StringBuilder out = new StringBuilder(32);
		if (key instanceof String string) {
			topLevelString(string, out);
		}
		else {
			value(key, key, out, 0);
		}
		return (out.length() > MAX_FORM_LENGTH) ? hashed(out) : out.toString();
	}

	/**
	 * The {@code String} key whose form {@link #encode} made this, or {@code null} if the
	 * form is another type's, a hash ({@code ~sha256:}), or no form at all: the one way
	 * back, for matching stored keys by a {@code String} prefix.
	 */
	public static @Nullable String stringKeyOf(String form) {
		if (!form.startsWith("~")) {
			return form;
		}
		if (!form.startsWith(STRING_TAG)) {
			return null;
		}
		StringBuilder key = new StringBuilder(form.length() - STRING_TAG.length());
		for (int i = STRING_TAG.length(); i < form.length(); i++) {
			char c = form.charAt(i);
			if (c != '\\') {
				if (c == ',' || c == '(' || c == ')' || c == '~') {
					return null;
				}
				key.append(c);
			}
			else if (i + 1 < form.length() && "\\,()~".indexOf(form.charAt(i + 1)) >= 0) {
				key.append(form.charAt(++i));
			}
			else if (i + 5 < form.length() && form.charAt(i + 1) == 'u' && isHex(form, i + 2, i + 6)) {
				key.append((char) HexFormat.fromHexDigits(form, i + 2, i + 6));
				i += 5;
			}
			else {
				return null;
			}
		}
		return key.toString();
	}

	private static boolean isHex(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!HexFormat.isHexDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * {@code text} escaped as {@link #encode} escapes strings inside a tagged form, such as
	 * after {@code ~str:}: for building the start of the forms of keys that start with it.
	 */
	public static String escaped(String text) {
		StringBuilder out = new StringBuilder(text.length() + 8);
		escape(text, out);
		return out.toString();
	}

	private static void topLevelString(String string, StringBuilder out) {
		if (isPlain(string)) {
			out.append(string);
			return;
		}
		out.append(STRING_TAG);
		escape(string, out);
	}

	/** Whether a key that is this string is written as it is. */
	private static boolean isPlain(String string) {
		return !string.startsWith("~") && !hasUnpairedSurrogate(string);
	}

	private static void value(Object root, @Nullable Object key, StringBuilder out, int depth) {
		if (depth > MAX_DEPTH) {
			throw new IllegalArgumentException("Cache key " + root + " nests deeper than " + MAX_DEPTH + " levels");
		}
		if (key == null) {
			out.append("~null");
		}
		else if (key instanceof String string) {
			if (string.isEmpty()) {
				out.append("~\"\"");
			}
			else {
				escape(string, out);
			}
		}
		else if (!scalar(key, out)) {
			composite(root, key, out, depth);
		}
	}

	/** Types whose {@code toString()} is injective: a tag, then the escaped string form. */
	private static boolean scalar(Object key, StringBuilder out) {
		Class<?> type = key.getClass();
		String tag = SCALAR_TAGS.get(type);
		if (tag == null && type.getPackageName().equals("java.time") && !type.isEnum()) {
			tag = type.getSimpleName();
		}
		if (type == Date.class) {
			// Its toString() depends on the JVM's time zone; equals compares the instant.
			out.append("~date:").append(((Date) key).getTime());
			return true;
		}
		if (key instanceof Date date) {
			// java.sql.Date, Time and Timestamp: the class, the instant, and a Timestamp's nanos.
			out.append("~date(");
			escape(type.getName(), out);
			out.append(',').append(date.getTime());
			if (key instanceof java.sql.Timestamp timestamp) {
				out.append(',').append(timestamp.getNanos());
			}
			out.append(')');
			return true;
		}
		if (tag == null) {
			return false;
		}
		out.append('~').append(tag).append(':');
		escape(key.toString(), out);
		return true;
	}

	private static void composite(Object root, Object key, StringBuilder out, int depth) {
		if (key instanceof Verbatim verbatim) {
			out.append(verbatim.form());
		}
		else if (key instanceof SimpleKey simpleKey) {
			elements("key", root, KeyParts.params(simpleKey), out, depth);
		}
		else if (key instanceof Enum<?> constant) {
			out.append("~enum(");
			escape(constant.getDeclaringClass().getName(), out);
			out.append(',');
			escape(constant.name(), out);
			out.append(')');
		}
		else if (key.getClass().isArray()) {
			Class<?> component = key.getClass().getComponentType();
			String tag = component.isPrimitive() ? component.getName() + "[]" : "array";
			elements(tag, root, arrayElements(key), out, depth);
		}
		else if (key instanceof List<?> list) {
			elements("list", root, list, out, depth);
		}
		else if (key instanceof Set<?> set) {
			elements("set", root, sorted(root, set, depth), out, depth);
		}
		else if (key instanceof Map<?, ?> map) {
			elements("map", root, sorted(root, entries(map), depth), out, depth);
		}
		else if (key instanceof Optional<?> optional) {
			elements("optional", root, optional.isPresent() ? List.of(optional.get()) : List.of(), out, depth);
		}
		else if (key instanceof Map.Entry<?, ?> entry) {
			elements("entry", root, Arrays.asList(entry.getKey(), entry.getValue()), out, depth);
		}
		else if (key instanceof Collection<?> collection) {
			// Neither a list nor a set (a queue, a deque): its class, then its elements in order.
			List<@Nullable Object> parts = new ArrayList<>();
			parts.add(Verbatim.of(key.getClass().getName()));
			parts.addAll(collection);
			elements("collection", root, parts, out, depth);
		}
		else if (key instanceof Record record && KeyParts.hasReadableComponents(record)) {
			List<@Nullable Object> parts = new ArrayList<>();
			parts.add(Verbatim.of(key.getClass().getName()));
			parts.addAll(KeyParts.components(record));
			elements("record", root, parts, out, depth);
		}
		else {
			other(root, key, out);
		}
	}

	private static void other(Object root, Object key, StringBuilder out) {
		if (!KeyParts.hasOwnToString(key.getClass())) {
			String culprit = key.getClass().getName() + ((root != key) ? " (a part of the key)" : "");
			throw new IllegalArgumentException("Cache key " + root + " has no stable string form: " + culprit
					+ " does not override toString(), so the key would differ in every process. "
					+ "Give it a toString() built from its fields, or use a key expression such as key = \"#id\"");
		}
		out.append("~obj(");
		escape(key.getClass().getName(), out);
		out.append(',');
		escape(String.valueOf(key), out);
		out.append(')');
	}

	private static void elements(String tag, Object root, Collection<?> elements, StringBuilder out, int depth) {
		out.append('~').append(tag).append('(');
		boolean first = true;
		for (Object element : elements) {
			if (!first) {
				out.append(',');
			}
			first = false;
			value(root, element, out, depth + 1);
		}
		out.append(')');
	}

	/** The elements' forms, sorted: the form of a set or map does not depend on its order. */
	private static List<Verbatim> sorted(Object root, Collection<?> elements, int depth) {
		List<Verbatim> forms = new ArrayList<>(elements.size());
		for (Object element : elements) {
			StringBuilder form = new StringBuilder();
			value(root, element, form, depth + 1);
			forms.add(new Verbatim(form.toString()));
		}
		forms.sort(null);
		return forms;
	}

	/** A map's entries as two-element lists, encoded as {@code ~list(key,value)} and sorted by the caller. */
	private static List<List<@Nullable Object>> entries(Map<?, ?> map) {
		List<List<@Nullable Object>> entries = new ArrayList<>(map.size());
		map.forEach((k, v) -> entries.add(Arrays.asList(k, v)));
		return entries;
	}

	private static List<@Nullable Object> arrayElements(Object array) {
		int length = Array.getLength(array);
		List<@Nullable Object> elements = new ArrayList<>(length);
		for (int i = 0; i < length; i++) {
			elements.add(Array.get(array, i));
		}
		return elements;
	}

	/**
	 * Appends {@code text} so that it holds no unescaped separator: {@code \ , ( ) ~} get a
	 * leading backslash, an unpaired surrogate becomes backslash-u and four hex digits.
	 */
	private static void escape(String text, StringBuilder out) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\', ',', '(', ')', '~' -> out.append('\\').append(c);
				default -> {
					if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
						out.append(c).append(text.charAt(++i));
					}
					else if (Character.isSurrogate(c)) {
						out.append("\\u").append(HEX.toHexDigits(c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
	}

	private static boolean hasUnpairedSurrogate(String text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	private static String hashed(CharSequence form) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(form.toString().getBytes(StandardCharsets.UTF_8));
			return HASHED + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/** A part whose form is already made: written as it is. */
	private record Verbatim(String form) implements Comparable<Verbatim> {

		static Verbatim of(String text) {
			StringBuilder out = new StringBuilder();
			escape(text, out);
			return new Verbatim(out.toString());
		}

		@Override
		public int compareTo(Verbatim other) {
			return this.form.compareTo(other.form);
		}

	}

}
