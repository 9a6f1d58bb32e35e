package io.polycache.spi;

import java.util.List;

import io.polycache.internal.KeyEncoder;

/**
 * Which store keys of one cache's {@link KeyNamespace} hold an application key that is a
 * {@code String} starting with a given prefix: what a store of bytes needs for
 * {@link CacheStore#removeByPrefix(String)}. {@link #matches} decides exactly, by reading
 * the {@link KeyEncoder} form after the namespace back into the {@code String} key; a key
 * of another type, a hash ({@code ~sha256:}, a form longer than
 * {@value KeyEncoder#MAX_FORM_LENGTH} characters), another cache's or another namespace
 * version's key, and a lease key never match. {@link #starts} narrows a scan: every
 * matching store key starts with one of them.
 * <p>Immutable and thread-safe.
 */
public final class StringKeyPrefix {

	private final String namespace;

	private final String prefix;

	private final List<String> starts;

	/**
	 * The store keys that start with {@code namespace}, a {@link KeyNamespace#prefix()},
	 * and hold a {@code String} key starting with {@code prefix}; see
	 * {@link KeyNamespace#keysStartingWith(String)}.
	 */
	public static StringKeyPrefix of(String namespace, String prefix) {
		return new StringKeyPrefix(namespace, prefix);
	}

	private StringKeyPrefix(String namespace, String prefix) {
		this.namespace = namespace;
		this.prefix = prefix;
		// A surrogate in the prefix may be half of a pair in a key, written differently there:
		// the scan starts before it, and matches() decides.
		String literal = prefix;
		for (int i = 0; i < prefix.length(); i++) {
			if (Character.isSurrogate(prefix.charAt(i))) {
				literal = prefix.substring(0, i);
				break;
			}
		}
		String tagged = namespace + "~str:" + KeyEncoder.escaped(literal);
		// A plain form never starts with '~', and the empty start covers both forms.
		this.starts = literal.isEmpty() ? List.of(namespace)
				: literal.startsWith("~") ? List.of(tagged) : List.of(namespace + literal, tagged);
	}

	/** The application key prefix. */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * What every matching store key starts with: one or two strings, none a prefix of
	 * another. A store that scans (redis {@code SCAN MATCH}) scans for each; a store that
	 * lists everything anyway may use {@link #matches} alone.
	 */
	public List<String> starts() {
		return this.starts;
	}

	/** Whether the store key holds a {@code String} key that starts with the prefix. */
	public boolean matches(String storeKey) {
		if (!storeKey.startsWith(this.namespace)) {
			return false;
		}
		String key = KeyEncoder.stringKeyOf(storeKey.substring(this.namespace.length()));
		return key != null && key.startsWith(this.prefix);
	}

	@Override
	public String toString() {
		return this.namespace + "[String keys starting with " + this.prefix + "]";
	}

}
