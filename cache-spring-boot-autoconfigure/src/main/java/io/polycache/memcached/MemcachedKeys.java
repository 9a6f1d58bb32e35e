package io.polycache.memcached;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import io.polycache.internal.KeyEncoder;
import io.polycache.spi.KeyMapper;
import io.polycache.spi.KeyNamespace;

/**
 * The memcached keys of one cache: {@code {key-prefix}{cache}:{generation}:k2:{version}:{key}},
 * and {@code {key-prefix}{cache}:lease:k2:{version}:{key}} for its leases, always legal for memcached's text protocol. {@code {key}} is already the injective form
 * of {@link KeyEncoder}, which decides which keys are equal; this only makes it legal, and
 * {@code k2} ({@link KeyEncoder#FORMAT}) keeps keys of an older format from being read.
 * <p>A part is used verbatim when it is printable ASCII without spaces, fits in the
 * 250-byte limit and does not start with {@code #}. Anything else (a long key, spaces,
 * control characters, non-ASCII text, or a leading {@code #}) is replaced by {@code #}
 * and the URL-safe Base64 SHA-256 of its UTF-8 bytes. Verbatim parts never start with
 * {@code #} and hashed ones always do, so a hashed key can never equal a plain one.
 * The prefix and cache name together get the same treatment, capped at
 * {@value #MAX_VERBATIM_BASE} bytes so that every key fits.
 * <p>Immutable and thread-safe.
 */
final class MemcachedKeys {

	/** memcached's limit on the length of a key, in bytes. */
	static final int MAX_KEY_BYTES = 250;

	/** The longest prefix-and-name used verbatim; longer ones are hashed. */
	static final int MAX_VERBATIM_BASE = 120;

	private static final char HASHED = '#';

	private final KeyNamespace namespace;

	MemcachedKeys(KeyNamespace namespace) {
		this.namespace = namespace.withOwner((owner) -> legal(owner, MAX_VERBATIM_BASE));
	}

	/**
	 * The memcached key of the lease for {@code key}:
	 * {@code {key-prefix}{cache}:lease:k2:{version}:{key}}, made legal as an entry's key is.
	 * No generation: a {@code clear} leaves leases alone.
	 */
	String leaseKey(String key) {
		String head = this.namespace.leasePrefix();
		return head + legal(key, MAX_KEY_BYTES - head.length());
	}

	/** Application keys as their lease keys ({@link #leaseKey}), through {@link KeyEncoder}. */
	KeyMapper<String> leaseKeys() {
		return (key) -> leaseKey(KeyEncoder.encode(key));
	}

	/** Whether memcached takes the key as it is: printable ASCII, no space, at most 250 bytes. */
	static boolean isLegal(String key) {
		return isPrintable(key, MAX_KEY_BYTES);
	}

	/** The key that holds this cache's namespace generation. */
	String generationKey() {
		return this.namespace.owner() + ":generation";
	}

	/** The memcached key for {@code key} in the given generation. */
	String key(long generation, String key) {
		String head = this.namespace.prefix(generation);
		return head + legal(key, MAX_KEY_BYTES - head.length());
	}

	/** The part itself if it may appear verbatim within {@code maxBytes}, else its hashed form. */
	static String legal(String part, int maxBytes) {
		return isVerbatim(part, maxBytes) ? part : hashed(part);
	}

	private static boolean isVerbatim(String part, int maxBytes) {
		return !part.isEmpty() && part.charAt(0) != HASHED && isPrintable(part, maxBytes);
	}

	private static boolean isPrintable(String part, int maxBytes) {
		int length = part.length();
		if (length == 0 || length > maxBytes) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = part.charAt(i);
			// Printable ASCII only: no space, no control character, nothing multi-byte.
			if (c <= ' ' || c >= 0x7F) {
				return false;
			}
		}
		return true;
	}

	static String hashed(String part) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(part.getBytes(StandardCharsets.UTF_8));
			return HASHED + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
