package io.polycache.spi;

import java.util.function.UnaryOperator;

import io.polycache.core.CacheSettings;
import io.polycache.internal.KeyEncoder;

/**
 * The part every key of one cache starts with in a store shared between processes:
 * {@code {key-prefix}{cache}:k2:{version}:}, or, for a store that clears a cache by moving
 * it to a new generation (memcached), {@code {key-prefix}{cache}:{generation}:k2:{version}:}.
 * The one place that says how shared keys are formed; the key after it is
 * {@link KeyEncoder}'s injective form, so unequal keys never share an entry.
 * <p>The cache name keeps caches sharing a server or a directory apart; bumping
 * {@code version} orphans a cache's old data; {@code k2} ({@link KeyEncoder#FORMAT}) keeps
 * keys of an older format from being read.
 * <p>Immutable and thread-safe.
 */
public final class KeyNamespace {

	private final String owner;

	private final String versionPart;

	private KeyNamespace(String owner, String versionPart) {
		this.owner = owner;
		this.versionPart = versionPart;
	}

	/**
	 * The namespace of the cache these settings are for. A {@code :} or a backslash in the
	 * cache name is escaped with a backslash, so that cache {@code a:k2:1} can never
	 * share a key with cache {@code a} in a store that caches share (on redis and memcached,
	 * such names are refused at start-up anyway).
	 */
	public static KeyNamespace of(CacheSettings settings) {
		return new KeyNamespace(settings.keyPrefix() + escape(settings.name()),
				":" + KeyEncoder.FORMAT + ":" + settings.version() + ":");
	}

	private static String escape(String name) {
		return (name.indexOf(':') < 0 && name.indexOf('\\') < 0) ? name
				: name.replace("\\", "\\\\").replace(":", "\\:");
	}

	/** {@code {key-prefix}{cache}}: what every key and every piece of cache-wide state starts with. */
	public String owner() {
		return this.owner;
	}

	/** {@code {key-prefix}{cache}:k2:{version}:}. */
	public String prefix() {
		return this.owner + this.versionPart;
	}

	/** {@code {key-prefix}{cache}:{generation}:k2:{version}:}. */
	public String prefix(long generation) {
		return this.owner + ":" + generation + this.versionPart;
	}

	/**
	 * This namespace with its owner part rewritten, for a store whose keys allow only some
	 * characters (memcached): the rewrite must be injective.
	 */
	public KeyNamespace withOwner(UnaryOperator<String> rewrite) {
		return new KeyNamespace(rewrite.apply(this.owner), this.versionPart);
	}

	/**
	 * Lease keys ({@link LeaseStore}) as {@code {key-prefix}{cache}:lease:k2:{version}:}
	 * followed by the key's {@link KeyEncoder} form: never equal to an entry's key, which
	 * has {@code k2} or a generation where this has {@code lease}.
	 */
	public KeyMapper<String> leaseKeys() {
		return KeyMapper.prefixed(leasePrefix());
	}

	/** {@code {key-prefix}{cache}:lease:k2:{version}:}, what every lease key starts with. */
	public String leasePrefix() {
		return this.owner + ":lease" + this.versionPart;
	}

	/** Store keys as {@link #prefix()} followed by the key's {@link KeyEncoder} form. */
	public KeyMapper<String> keys() {
		return KeyMapper.prefixed(prefix());
	}

	/**
	 * The store keys ({@link #keys()}) of this namespace that hold a {@code String} key
	 * starting with {@code prefix}: for {@link CacheStore#removeByPrefix(String)}.
	 */
	public StringKeyPrefix keysStartingWith(String prefix) {
		return StringKeyPrefix.of(prefix(), prefix);
	}

	@Override
	public String toString() {
		return prefix();
	}

}
