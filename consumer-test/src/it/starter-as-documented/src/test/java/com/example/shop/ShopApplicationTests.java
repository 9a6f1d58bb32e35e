package com.example.shop;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;

import io.polycache.core.ExtendedCache;
import io.polycache.core.PolycacheCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/** The application starts with Polycache from the installed starter, and caches through it. */
@SpringBootTest
class ShopApplicationTests {

	@Autowired
	private Catalog catalog;

	@Autowired
	private CacheManager cacheManager;

	@Test
	void polycacheServesTheConfiguredCaches() {
		assertThat(this.cacheManager).isInstanceOf(PolycacheCacheManager.class);
		assertThat(this.cacheManager.getCacheNames()).containsExactlyInAnyOrder("products", "sessions");
		assertThat(this.catalog.product(7)).isEqualTo("Product 7");
		assertThat(this.catalog.product(7)).isEqualTo("Product 7");
		assertThat(this.catalog.loads()).isEqualTo(1);
		ExtendedCache products = (ExtendedCache) this.cacheManager.getCache("products");
		assertThat(products.settings().maxEntries()).isEqualTo(50000);
		assertThat(products.statistics().hits()).isEqualTo(1);
	}

}
