package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.interceptor.CacheInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.ExtendedCache;
import io.polycache.core.PolycacheCacheManager;
import io.polycache.internal.ExpirySweeper;
import io.polycache.none.NoneStore;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.testsupport.Threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The auto-configuration rules of DESIGN.md, one test each. */
class PolycacheAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
		.withPropertyValues("cache.backends.products.type=local-memory", "cache.backends.sessions.type=none");

	@Test
	void registersOneCacheManagerPerCacheAndAPrimaryOneForAll() {
		this.runner.run(context -> {
			assertThat(context.getBean("productsCacheManager", CacheManager.class).getCacheNames())
				.containsExactly("products");
			assertThat(context.getBean("sessionsCacheManager", CacheManager.class).getCacheNames())
				.containsExactly("sessions");
			CacheManager primary = context.getBean(CacheManager.class);
			assertThat(primary).isSameAs(context.getBean("cacheManager"));
			assertThat(primary.getCacheNames()).containsExactly("products", "sessions");
			assertThat(primary.getCache("products"))
				.isSameAs(context.getBean("productsCacheManager", CacheManager.class).getCache("products"));
		});
	}

	@Test
	void perCacheManagersAreNotAutowireCandidates() {
		this.runner.run(context -> {
			assertThat(context.getBeanFactory().getBeanDefinition("productsCacheManager").isAutowireCandidate())
				.isFalse();
			assertThat(context.getBeanFactory().getBeanDefinition("cacheManager").isAutowireCandidate()).isTrue();
		});
	}

	@Test
	void cachesInheritDefaultsAndOverrideThemOneByOne() {
		this.runner
			.withPropertyValues("cache.defaults.ttl=5m", "cache.defaults.max-entries=7", "cache.defaults.eviction=fifo",
					"cache.defaults.cache-null-values=false", "cache.backends.products.ttl=30s",
					"cache.backends.products.eviction=lfu", "cache.backends.other.max-entries=0")
			.run(context -> {
				CacheSettings products = settings(context.getBean(CacheManager.class), "products");
				assertThat(products.ttl()).isEqualTo(Duration.ofSeconds(30));
				assertThat(products.eviction()).isEqualTo(EvictionPolicy.LFU);
				assertThat(products.maxEntries()).isEqualTo(7);
				assertThat(products.cacheNullValues()).isFalse();
				CacheSettings other = settings(context.getBean(CacheManager.class), "other");
				assertThat(other.ttl()).isEqualTo(Duration.ofMinutes(5));
				assertThat(other.eviction()).isEqualTo(EvictionPolicy.FIFO);
				assertThat(other.maxEntries()).isZero();
			});
	}

	@Test
	void cachesDefaultToLocalMemoryWithDocumentedDefaults() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
			.withPropertyValues("cache.backends.plain.ttl=0")
			.run(context -> {
				ExtendedCache plain = (ExtendedCache) context.getBean(CacheManager.class).getCache("plain");
				assertThat(plain.settings()).isEqualTo(CacheSettings.defaults("plain"));
				assertThat(plain.getNativeCache()).hasToString("local-memory");
			});
	}

	@Test
	void cacheNamesKeepTheirCase() {
		this.runner.withPropertyValues("cache.backends.userProfiles.type=none").run(context -> {
			assertThat(context.getBean(CacheManager.class).getCacheNames()).contains("userProfiles");
			assertThat(context).hasBean("userProfilesCacheManager");
		});
	}

	@Test
	void cacheableWorksWithoutEnableCaching() {
		this.runner.withUserConfiguration(ServiceConfiguration.class).run(context -> {
			CountingService service = context.getBean(CountingService.class);
			assertThat(service.find(1)).isEqualTo("value-1");
			assertThat(service.find(1)).isEqualTo("value-1");
			assertThat(service.calls()).isEqualTo(1);
			assertThat(context.getBeansOfType(CacheInterceptor.class)).hasSize(1);
		});
	}

	@Test
	void enableCachingInTheApplicationGetsNoSecondInterceptor() {
		this.runner.withUserConfiguration(EnableCachingConfiguration.class, ServiceConfiguration.class).run(context -> {
			assertThat(context.getBeansOfType(CacheInterceptor.class)).hasSize(1);
			CountingService service = context.getBean(CountingService.class);
			service.find(2);
			service.find(2);
			assertThat(service.calls()).isEqualTo(1);
		});
	}

	@Test
	void cacheableCanNameAPerCacheManager() {
		this.runner.withUserConfiguration(ServiceConfiguration.class).run(context -> {
			CountingService service = context.getBean(CountingService.class);
			service.findThroughNamedManager(3);
			service.findThroughNamedManager(3);
			assertThat(service.calls()).isEqualTo(1);
		});
	}

	@Test
	void springBootCacheAutoConfigurationBacksOff() {
		this.runner.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class))
			.withPropertyValues("spring.cache.type=simple")
			.run(context -> {
				assertThat(context).doesNotHaveBean(CacheManagerCustomizers.class);
				assertThat(context.getBean(CacheManager.class)).isInstanceOf(PolycacheCacheManager.class);
			});
	}

	@Test
	void actuatorCachesEndpointListsEachCacheOnce() {
		this.runner.withConfiguration(AutoConfigurations.of(CachesEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=caches")
			.run(context -> {
				CachesEndpoint endpoint = context.getBean(CachesEndpoint.class);
				assertThat(endpoint.caches().getCacheManagers()).containsOnlyKeys("cacheManager");
				assertThat(endpoint.caches().getCacheManagers().get("cacheManager").getCaches())
					.containsOnlyKeys("products", "sessions");
				Cache products = context.getBean(CacheManager.class).getCache("products");
				products.put("k", "v");
				assertThat(endpoint.clearCache("products", null)).isTrue();
				assertThat(products.get("k")).isNull();
			});
	}

	@Test
	void cacheMetricsBindEachCacheOnce() {
		this.runner.withConfiguration(AutoConfigurations.of(CacheMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run(context -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Cache products = context.getBean(CacheManager.class).getCache("products");
				products.get("k");
				products.put("k", "v");
				products.get("k");
				assertThat(registry.find("cache.gets").tag("cache", "products").meters()).hasSize(2);
				assertThat(registry.get("cache.gets").tag("cache", "products").tag("result", "hit").functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.get("cache.puts").tag("cache", "products").functionCounter().count()).isEqualTo(1);
				assertThat(registry.get("cache.size").tag("cache", "products").gauge().value()).isEqualTo(1);
				assertThat(registry.get("cache.gets").tag("cache", "sessions").tag("result", "miss")
					.tag("cache.manager", "cacheManager").functionCounter()).isNotNull();
			});
	}

	@Test
	void startsWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run(context -> assertThat(context.getBean(CacheManager.class)).isInstanceOf(PolycacheCacheManager.class));
	}

	@Test
	void startsWithoutSpringBootCacheModule() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.cache"))
			.run(context -> assertThat(context.getBean(CacheManager.class)).isInstanceOf(PolycacheCacheManager.class));
	}

	@Test
	void disabledTurnsEveryCacheIntoANoOpWhoseNameStillResolves() {
		this.runner.withPropertyValues("cache.enabled=false").withUserConfiguration(ServiceConfiguration.class)
			.run(context -> {
				ExtendedCache products = (ExtendedCache) context.getBean(CacheManager.class).getCache("products");
				assertThat(products.getNativeCache()).isInstanceOf(NoneStore.class);
				products.put("k", "v");
				assertThat(products.get("k")).isNull();
				CountingService service = context.getBean(CountingService.class);
				service.find(1);
				service.find(1);
				assertThat(service.calls()).isEqualTo(2);
			});
	}

	@Test
	void applicationCacheManagerNamedCacheManagerWins() {
		this.runner.withBean("cacheManager", CacheManager.class, ConcurrentMapCacheManager::new).run(context -> {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			assertThat(context).hasBean("productsCacheManager");
		});
	}

	@Test
	void applicationBeanWithAPerCacheNameWins() {
		this.runner.withBean("productsCacheManager", ConcurrentMapCacheManager.class, ConcurrentMapCacheManager::new)
			.run(context -> assertThat(context.getBean("productsCacheManager"))
				.isInstanceOf(ConcurrentMapCacheManager.class));
	}

	@Test
	void expirySweeperStopsWhenTheContextCloses() {
		Set<Thread> before = Threads.aliveNamed(ExpirySweeper.THREAD_NAME);
		Set<Thread> started = new HashSet<>();
		this.runner.run(context -> started.addAll(Threads.startedSince(before, ExpirySweeper.THREAD_NAME)));
		assertThat(started).isNotEmpty();
		// The executor has terminated when close() returns; its thread may take a moment to exit.
		await().atMost(Duration.ofSeconds(5)).until(() -> started.stream().noneMatch(Thread::isAlive));
	}

	@Test
	void badEvictionPolicyStopsStartup() {
		this.runner.withPropertyValues("cache.backends.x.eviction=lruu")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("lruu"));
	}

	@Test
	void negativeTtlStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("cache.backends.products.ttl=-5s")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.backends.products.ttl"));
	}

	@Test
	void negativeDefaultMaxEntriesStopsStartup() {
		this.runner.withPropertyValues("cache.defaults.max-entries=-1")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cache.defaults.max-entries"));
	}

	@Test
	void colonInTheNameOfASharedCacheStopsStartup() {
		// Not withPropertyValues: it would read the ':' as the separator of key and value.
		this.runner
			.withInitializer(context -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test", Map.of("cache.backends.[a:1].type", "redis"))))
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("must not contain ':'"));
	}

	@Test
	void sizeBoundOnAServerEvictedBackendStopsStartup() {
		this.runner.withPropertyValues("cache.backends.sessions.type=redis", "cache.backends.sessions.max-entries=100")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cache.backends.sessions.max-entries")
				.hasMessageContaining("cannot honour"));
	}

	@Test
	void backendWhoseClientLibraryIsMissingStopsStartupNamingTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("net.rubyeye.xmemcached"))
			.withPropertyValues("cache.backends.quotes.type=memcached")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cache.backends.quotes.type")
				.hasMessageContaining("com.googlecode.xmemcached:xmemcached"));
	}


	private static CacheSettings settings(CacheManager manager, String name) {
		return ((ExtendedCache) manager.getCache(name)).settings();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class EnableCachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		CountingService countingService() {
			return new CountingService();
		}

	}

	static class CountingService {

		private final AtomicInteger calls = new AtomicInteger();

		int calls() {
			return this.calls.get();
		}

		@Cacheable("products")
		public String find(int id) {
			this.calls.incrementAndGet();
			return "value-" + id;
		}

		@Cacheable(cacheNames = "products", cacheManager = "productsCacheManager")
		public String findThroughNamedManager(int id) {
			this.calls.incrementAndGet();
			return "named-" + id;
		}

	}

}
