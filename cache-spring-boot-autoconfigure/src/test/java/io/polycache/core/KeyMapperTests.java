package io.polycache.core;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeyMapperTests {

	private final KeyMapper prefixed = KeyMapper.prefixed("app:products:1:");

	record ProductKey(long id, String locale) {
	}

	@Test
	void identityKeepsTheKeyObject() {
		Object key = new Object();
		assertThat(KeyMapper.identity().toStoreKey(key)).isSameAs(key);
	}

	@Test
	void stableKeysBecomePrefixedStrings() {
		UUID uuid = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
		assertThat(this.prefixed.toStoreKey("abc")).isEqualTo("app:products:1:abc");
		assertThat(this.prefixed.toStoreKey(42L)).isEqualTo("app:products:1:42");
		assertThat(this.prefixed.toStoreKey(uuid)).isEqualTo("app:products:1:" + uuid);
		assertThat(this.prefixed.toStoreKey(new ProductKey(7, "en"))).isEqualTo("app:products:1:ProductKey[id=7, locale=en]");
		assertThat(this.prefixed.toStoreKey(new SimpleKey(1, "a"))).isEqualTo("app:products:1:SimpleKey [1, a]");
	}

	@Test
	void identityStringKeysAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.prefixed.toStoreKey(new Object()))
			.withMessageContaining("no stable string form")
			.withMessageContaining("java.lang.Object does not override toString()");
	}

	@Test
	void simpleKeyWithIdentityStringParameterIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.prefixed.toStoreKey(new SimpleKey(1, new Object())))
			.withMessageContaining("a method parameter inside SimpleKey [1, java.lang.Object@");
	}

	@Test
	void stringThatLooksLikeAnIdentityStringIsStillAString() {
		assertThat(this.prefixed.toStoreKey("java.lang.Object@1b6d3586")).isEqualTo("app:products:1:java.lang.Object@1b6d3586");
	}

}
