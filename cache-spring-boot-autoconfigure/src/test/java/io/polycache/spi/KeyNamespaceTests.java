package io.polycache.spi;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shared store's keys start with the cache's namespace, and two caches never share one. */
class KeyNamespaceTests {

	@Test
	void namespaceIsPrefixNameFormatAndVersion() {
		KeyNamespace namespace = KeyNamespace.of(CacheSettings.builder("sessions").keyPrefix("shop:").version(3).build());
		assertThat(namespace.prefix()).isEqualTo("shop:sessions:k2:3:");
		assertThat(namespace.prefix(7)).isEqualTo("shop:sessions:7:k2:3:");
		assertThat(namespace.keys().toStoreKey(42L)).isEqualTo("shop:sessions:k2:3:~long:42");
	}

	@Test
	void aColonInACacheNameCannotReachIntoAnotherCachesKeys() {
		String inNamedCache = KeyNamespace.of(CacheSettings.defaults("a:k2:1")).keys().toStoreKey("x");
		String inPlainCache = KeyNamespace.of(CacheSettings.defaults("a")).keys().toStoreKey("k2:1:x");
		assertThat(inNamedCache).isNotEqualTo(inPlainCache).isEqualTo("a\\:k2\\:1:k2:1:x");
		assertThat(KeyNamespace.of(CacheSettings.defaults("a\\:b")).prefix())
			.isNotEqualTo(KeyNamespace.of(CacheSettings.defaults("a:b")).prefix());
	}

}
