package io.polycache.memcached;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

import io.polycache.core.CacheSettings;
import io.polycache.spi.KeyNamespace;

/** Every key becomes a legal memcached key, and a hashed key never equals a plain one. */
class MemcachedKeysTests {

	private final MemcachedKeys keys = keys("app:", "quotes", 3);

	@Test
	void plainKeyIsUsedVerbatimInTheDocumentedLayout() {
		assertThat(this.keys.key(7, "user-42")).isEqualTo("app:quotes:7:k2:3:user-42");
		assertThat(this.keys.generationKey()).isEqualTo("app:quotes:generation");
	}

	@ParameterizedTest
	@ValueSource(strings = { "with space", "tab\there", "line\nbreak", "nul\u0000", "bell\u0007", "del\u007F",
			"ключ", "日本語", "emoji\uD83D\uDE00", "#starts-with-marker", "" })
	void illegalKeyIsHashed(String key) {
		String serverKey = this.keys.key(7, key);
		assertThat(serverKey).startsWith("app:quotes:7:k2:3:#");
		assertLegal(serverKey);
	}

	@Test
	void keyTooLongForMemcachedIsHashed() {
		String fits = "k".repeat(MemcachedKeys.MAX_KEY_BYTES - "app:quotes:7:k2:3:".length());
		assertThat(this.keys.key(7, fits)).endsWith(fits).hasSize(MemcachedKeys.MAX_KEY_BYTES);
		String tooLong = fits + "k";
		assertThat(this.keys.key(7, tooLong)).startsWith("app:quotes:7:k2:3:#");
		assertLegal(this.keys.key(7, tooLong));
		assertLegal(this.keys.key(Long.MAX_VALUE, "x".repeat(10_000)));
	}

	@Test
	void hashedFormOfOneKeyUsedAsAPlainKeyIsHashedAgain() {
		String hashed = MemcachedKeys.hashed("with space");
		assertThat(this.keys.key(7, hashed)).isNotEqualTo(this.keys.key(7, "with space"));
	}

	@Test
	void distinctKeysStayDistinct() {
		assertThat(this.keys.key(7, "a b")).isNotEqualTo(this.keys.key(7, "a  b"))
			.isNotEqualTo(this.keys.key(7, "a\tb"));
		assertThat(this.keys.key(7, "k")).isNotEqualTo(this.keys.key(8, "k"));
	}

	@Test
	void illegalOrLongPrefixAndNameAreHashedToo() {
		MemcachedKeys spaced = keys("my app ", "quotes", 1);
		assertThat(spaced.key(1, "k")).startsWith("#").endsWith(":1:k2:1:k");
		assertLegal(spaced.generationKey());
		MemcachedKeys longName = keys("", "n".repeat(MemcachedKeys.MAX_VERBATIM_BASE + 1), 1);
		assertThat(longName.key(1, "k")).startsWith("#");
		assertThat(keys("", "n".repeat(MemcachedKeys.MAX_VERBATIM_BASE), 1).key(1, "k"))
			.startsWith("nnn");
	}

	private static void assertLegal(String serverKey) {
		byte[] bytes = serverKey.getBytes(StandardCharsets.UTF_8);
		assertThat(bytes.length).isLessThanOrEqualTo(MemcachedKeys.MAX_KEY_BYTES);
		for (byte b : bytes) {
			assertThat(b).as("byte of %s", serverKey).isBetween((byte) 0x21, (byte) 0x7E);
		}
	}

	private static MemcachedKeys keys(String prefix, String name, int version) {
		return new MemcachedKeys(KeyNamespace.of(CacheSettings.builder(name).keyPrefix(prefix).version(version).build()));
	}

}
