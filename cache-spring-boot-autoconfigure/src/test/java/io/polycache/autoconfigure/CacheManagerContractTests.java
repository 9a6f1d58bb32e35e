package io.polycache.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.support.CompositeCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Spring's {@code CacheManager} contract: {@code getCache} answers {@code null} for a
 * name it does not serve, so managers compose, while {@code @Cacheable} naming an unknown
 * cache still fails with the list of configured caches.
 */
class CacheManagerContractTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
		.withPropertyValues("cache.backends.products.type=local-memory", "cache.backends.sessions.type=none");

	@Test
	void unknownNameIsNullFromEveryManager() {
		this.runner.run((context) -> {
			assertThat(context.getBean(CacheManager.class).getCache("prodcuts")).isNull();
			assertThat(context.getBean("productsCacheManager", CacheManager.class).getCache("sessions")).isNull();
			assertThat(context.getBean("sessionsCacheManager", CacheManager.class).getCache("sessions")).isNotNull();
		});
	}

	@Test
	void compositeManagerFallsThroughToTheNextManager() {
		this.runner.run((context) -> {
			CacheManager other = new ConcurrentMapCacheManager("legacy");
			for (String polycache : List.of("cacheManager", "productsCacheManager")) {
				CacheManager manager = context.getBean(polycache, CacheManager.class);
				CompositeCacheManager composite = new CompositeCacheManager(manager, other);
				assertThat(composite.getCache("legacy")).as(polycache).isSameAs(other.getCache("legacy"));
				assertThat(composite.getCache("products")).as(polycache).isSameAs(manager.getCache("products"));
				assertThat(composite.getCache("nowhere")).as(polycache).isNull();
			}
		});
	}

	@Test
	void cacheableNamingAnUnknownCacheFailsListingTheCaches() {
		this.runner.withUserConfiguration(TypoService.class).run((context) -> {
			assertThatIllegalArgumentException().isThrownBy(() -> context.getBean(TypoServiceBean.class).find(1))
				.withMessageContaining("No cache named 'prodcuts'")
				.withMessageContaining("Configured caches: [products, sessions]")
				.withMessageContaining("cache.backends.prodcuts");
			assertThat(context.getBean(TypoServiceBean.class).findKnown(1)).isEqualTo("known-1");
		});
	}

	@Test
	void applicationsEnableCachingKeepsTheHelpfulError() {
		this.runner.withUserConfiguration(TypoService.class, EnableCachingConfiguration.class).run((context) -> {
			assertThatIllegalArgumentException().isThrownBy(() -> context.getBean(TypoServiceBean.class).find(1))
				.withMessageContaining("Configured caches: [products, sessions]");
		});
	}

	@Test
	void applicationsCachingConfigurerDecidesTheResolver() {
		this.runner.withUserConfiguration(TypoService.class, OwnResolverConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(CachingConfigurer.class);
			assertThat(context.getBean(TypoServiceBean.class).find(1)).isEqualTo("typo-1");
			assertThat(context.getBean(OwnResolverConfiguration.class).fallback.getCache("prodcuts")).isNotNull();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TypoService {

		@Bean
		TypoServiceBean typoService() {
			return new TypoServiceBean();
		}

	}

	static class TypoServiceBean {

		@Cacheable("prodcuts")
		public String find(int id) {
			return "typo-" + id;
		}

		@Cacheable("products")
		public String findKnown(int id) {
			return "known-" + id;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class EnableCachingConfiguration {

	}

	/** An application's own resolver: unknown names go to a map-backed manager. */
	@Configuration(proxyBeanMethods = false)
	static class OwnResolverConfiguration implements CachingConfigurer {

		final ConcurrentMapCacheManager fallback = new ConcurrentMapCacheManager();

		@Override
		public CacheResolver cacheResolver() {
			return (context) -> context.getOperation().getCacheNames().stream().map(this::cache).toList();
		}

		private Cache cache(String name) {
			return this.fallback.getCache(name);
		}

	}

}
