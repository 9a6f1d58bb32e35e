package io.polycache.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import io.polycache.core.CacheRemovalListener;
import io.polycache.core.PolycacheCacheManager;
import io.polycache.core.TtlPolicy;
import io.polycache.internal.ClassAllowList;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.PolycacheConfigurationException;

/**
 * Polycache's auto-configuration: the caches declared under {@code cache.backends}, a
 * {@code <name>CacheManager} bean for each, and the primary {@code cacheManager} serving
 * them all. It runs before Spring Boot's own cache auto-configuration, which then backs
 * off, and switches on annotation-driven caching unless the application already has.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@EnableConfigurationProperties(PolycacheProperties.class)
@ImportRuntimeHints(PolycacheRuntimeHints.class)
@Import({ CacheManagerRegistrar.class, BuiltInBackendConfiguration.class, MemcachedBackendConfiguration.class,
		RedisBackendConfiguration.class, PolycacheMetricsConfiguration.class, CacheWarmupConfiguration.class,
		PolycacheEndpointConfiguration.class })
public final class PolycacheAutoConfiguration {

	/** The bean holding every configured cache. */
	public static final String CACHES_BEAN_NAME = "polycacheCaches";

	private static final String ALLOWED_PACKAGES = "cache.serialization.allowed-packages";

	private static final Log logger = LogFactory.getLog(PolycacheAutoConfiguration.class);

	@Bean(CACHES_BEAN_NAME)
	PolycacheCaches polycacheCaches(PolycacheProperties properties, ObjectProvider<BackendProvider> providers,
			ObjectProvider<TtlPolicy> ttlPolicy, ObjectProvider<CacheRemovalListener> removalListeners,
			BeanFactory beanFactory, Environment environment) {
		List<BackendProvider> backends = providers.orderedStream().toList();
		new UnknownCachePropertyCheck(UnknownCachePropertyCheck.backendGroups(backends))
			.check(ConfigurationPropertySources.get(environment));
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : ClassUtils.getDefaultClassLoader();
		return new PolycacheCaches(properties, backends, new EnvironmentPropertyBinder(environment),
				allowList(properties, beanFactory), ttlPolicy.getIfUnique(), Clock.systemUTC(), classLoader,
				RemovalEvents.dispatcher(properties.getRemovalEvents(), removalListeners.orderedStream().toList()));
	}

	/**
	 * JDK value types, the application's own packages, and those it allows explicitly. An
	 * explicit package of one segment stops start-up; an application package of one
	 * segment (or the default package) is left out with a warning, since allowing it
	 * would admit every library under it.
	 */
	private static ClassAllowList allowList(PolycacheProperties properties, BeanFactory beanFactory) {
		List<String> packages = new ArrayList<>();
		for (String name : properties.getSerialization().getAllowedPackages()) {
			if (!name.isBlank() && ClassAllowList.isTooBroad(name)) {
				throw new PolycacheConfigurationException(ALLOWED_PACKAGES, name,
						"a package of one segment would let cached bytes name any class under '" + name.strip()
								+ ".', libraries' included (under 'com', for instance, com.sun.*)",
						"List the packages of the classes you cache, such as com.example.shop.model.");
			}
			packages.add(name);
		}
		// has() is false for an application in the default package, whose registration lists none.
		if (!AutoConfigurationPackages.has(beanFactory)
				&& beanFactory.containsBean(AutoConfigurationPackages.class.getName())) {
			logger.warn("The application is in the default package, whose classes are never read back from shared "
					+ "stores; list the packages of the classes you cache in " + ALLOWED_PACKAGES);
		}
		if (AutoConfigurationPackages.has(beanFactory)) {
			for (String name : AutoConfigurationPackages.get(beanFactory)) {
				if (ClassAllowList.isTooBroad(name)) {
					logger.warn("The application's package '" + name + "' has a single segment: allowing it would let "
							+ "cached bytes name any class under '" + name + ".', libraries' included, so it is not in "
							+ "the class allow-list; list the packages of the classes you cache in " + ALLOWED_PACKAGES);
					continue;
				}
				packages.add(name);
			}
		}
		return ClassAllowList.of(packages);
	}

	/** The manager for {@code @Cacheable("name")} and {@code @Autowired CacheManager}. */
	@Bean
	@Primary
	@ConditionalOnMissingBean(name = "cacheManager")
	PolycacheCacheManager cacheManager(PolycacheCaches caches) {
		return caches.allCaches();
	}

	/**
	 * Makes an unknown cache name in {@code @Cacheable} an error that lists the configured
	 * caches, unless the application configures caching itself with a
	 * {@link CachingConfigurer} of its own (which then decides the cache resolver).
	 */
	@Bean
	@ConditionalOnMissingBean(CachingConfigurer.class)
	CachingConfigurer polycacheCachingConfigurer(ObjectProvider<CacheManager> cacheManager) {
		CacheResolver resolver = new PolycacheCacheResolver(cacheManager::getObject);
		return new CachingConfigurer() {

			@Override
			public CacheResolver cacheResolver() {
				return resolver;
			}

		};
	}

	/**
	 * Lets {@code refresh-after} reload the values of plain {@code @Cacheable} methods:
	 * wraps Spring's cache interceptor, when the application has one in proxy mode.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static CacheReinvocationPostProcessor polycacheCacheReinvocationPostProcessor() {
		return new CacheReinvocationPostProcessor();
	}

	/**
	 * {@code @Cacheable} works without {@code @EnableCaching}; an application that has it
	 * already has the interceptor, and gets no second one.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(CacheAspectSupport.class)
	@EnableCaching
	static class EnableCachingConfiguration {

	}

}
