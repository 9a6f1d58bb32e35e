package io.polycache.spi;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import io.polycache.core.CacheSettings;
import io.polycache.internal.KeyEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StringKeyPrefix}: the store keys of a namespace holding a {@code String} key with
 * a prefix, found exactly, on random keys and prefixes made of the characters the key
 * encoder and redis globs treat specially.
 */
class StringKeyPrefixTests {

	private static final String[] PARTS = { "a", "b", "~", "\\", ",", "(", ")", "*", "?", "[", "]", ":", "u", "0",
			"\uD83D", "\uDE00", "\uD83D\uDE00", "~str:", "\\u0041", "" };

	private final KeyNamespace namespace = KeyNamespace.of(CacheSettings.builder("c*[?]").keyPrefix("app:").build());

	@Test
	void matchesExactlyTheStringKeysWithThePrefix() {
		SplittableRandom random = new SplittableRandom(16);
		for (int round = 0; round < 20_000; round++) {
			String key = text(random, 6);
			String prefix = random.nextBoolean() ? key.substring(0, random.nextInt(key.length() + 1)) : text(random, 3);
			String storeKey = this.namespace.keys().toStoreKey(key);
			StringKeyPrefix matching = this.namespace.keysStartingWith(prefix);
			assertThat(KeyEncoder.stringKeyOf(storeKey.substring(this.namespace.prefix().length()))).as("%s", key)
				.isEqualTo(key);
			assertThat(matching.matches(storeKey)).as("key %s, prefix %s", key, prefix)
				.isEqualTo(key.startsWith(prefix));
			if (key.startsWith(prefix)) {
				assertThat(matching.starts()).as("key %s, prefix %s", key, prefix).anyMatch(storeKey::startsWith);
			}
		}
	}

	@Test
	void neverMatchesAnotherTypesOrCachesOrVersionsKeys() {
		StringKeyPrefix everyString = this.namespace.keysStartingWith("");
		for (Object key : List.of(1L, "1".charAt(0), List.of("a"), new SimpleKey("a"), new SimpleKey("a", "b"),
				java.util.Optional.of("a"), "x".repeat(KeyEncoder.MAX_FORM_LENGTH + 1))) {
			assertThat(everyString.matches(this.namespace.keys().toStoreKey(key))).as("%s", key).isFalse();
		}
		assertThat(everyString.matches(this.namespace.leaseKeys().toStoreKey("a"))).as("a lease").isFalse();
		CacheSettings settings = CacheSettings.builder("c*[?]").keyPrefix("app:").build();
		for (KeyNamespace other : List.of(KeyNamespace.of(settings.toBuilder().version(2).build()),
				KeyNamespace.of(CacheSettings.builder("c*").keyPrefix("app:").build()),
				KeyNamespace.of(settings.toBuilder().keyPrefix("").build()))) {
			assertThat(everyString.matches(other.keys().toStoreKey("a"))).as("%s", other).isFalse();
		}
	}

	@Test
	void aPrefixOfPlainTextScansPlainFormsAndEscapedOnes() {
		assertThat(this.namespace.keysStartingWith("").starts()).containsExactly("app:c*[?]:k2:1:");
		assertThat(this.namespace.keysStartingWith("u*,").starts()).containsExactly("app:c*[?]:k2:1:u*,",
				"app:c*[?]:k2:1:~str:u*\\,");
		assertThat(this.namespace.keysStartingWith("~a").starts()).containsExactly("app:c*[?]:k2:1:~str:\\~a");
		assertThat(this.namespace.keysStartingWith("a\uD83D").starts()).containsExactly("app:c*[?]:k2:1:a",
				"app:c*[?]:k2:1:~str:a");
	}

	@Test
	void malformedFormsAreNoStringKeys() {
		assertThat(KeyEncoder.stringKeyOf("~str:a,b")).isNull();
		assertThat(KeyEncoder.stringKeyOf("~str:a\\")).isNull();
		assertThat(KeyEncoder.stringKeyOf("~str:\\u12")).isNull();
		assertThat(KeyEncoder.stringKeyOf("~str:\\uZZZZ")).isNull();
		assertThat(KeyEncoder.stringKeyOf("~str:\\x")).isNull();
		assertThat(KeyEncoder.stringKeyOf("~sha256:abc")).isNull();
		assertThat(KeyEncoder.stringKeyOf("~str:\\uD83D")).isEqualTo("\uD83D");
	}

	private static String text(SplittableRandom random, int maxParts) {
		StringBuilder text = new StringBuilder();
		int parts = random.nextInt(maxParts + 1);
		for (int i = 0; i < parts; i++) {
			text.append(PARTS[random.nextInt(PARTS.length)]);
		}
		return text.toString();
	}

}
