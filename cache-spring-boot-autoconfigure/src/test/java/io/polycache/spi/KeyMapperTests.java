package io.polycache.spi;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeyMapperTests {

	private final KeyMapper prefixed = KeyMapper.prefixed("app:products:k2:1:");

	record ProductKey(long id, String locale) {
	}

	@Test
	void identityKeepsTheKeyObject() {
		Object key = new Object();
		assertThat(KeyMapper.identity().toStoreKey(key)).isSameAs(key);
	}

	@Test
	void stableKeysBecomePrefixedEncodedStrings() {
		UUID uuid = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
		assertThat(this.prefixed.toStoreKey("abc")).isEqualTo("app:products:k2:1:abc");
		assertThat(this.prefixed.toStoreKey(42L)).isEqualTo("app:products:k2:1:~long:42");
		assertThat(this.prefixed.toStoreKey(uuid)).isEqualTo("app:products:k2:1:~uuid:" + uuid);
		assertThat(this.prefixed.toStoreKey(new ProductKey(7, "en")))
			.isEqualTo("app:products:k2:1:~record(" + ProductKey.class.getName() + ",~long:7,en)");
		assertThat(this.prefixed.toStoreKey(new SimpleKey(1, "a"))).isEqualTo("app:products:k2:1:~key(~int:1,a)");
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
			.withMessageContaining("Cache key SimpleKey [1, java.lang.Object@")
			.withMessageContaining("java.lang.Object (a part of the key) does not override toString()");
	}

}
