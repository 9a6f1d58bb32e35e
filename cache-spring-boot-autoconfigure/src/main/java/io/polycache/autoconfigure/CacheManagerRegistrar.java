package io.polycache.autoconfigure;

import java.util.Map;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import io.polycache.autoconfigure.PolycacheProperties.Backend;
import io.polycache.core.PolycacheCacheManager;

/**
 * Registers one {@code <name>CacheManager} bean per entry of {@code cache.backends}, each
 * serving only its own cache and obtained from the {@link PolycacheCaches} bean.
 * <p>These beans are not autowire candidates: the primary {@code cacheManager} is the one
 * injected by type, and by-type collectors that honour candidacy (the actuator
 * {@code caches} endpoint, cache metrics) see each cache once, through it. They are still
 * reachable by name, as {@code @Cacheable(cacheManager = "productsCacheManager")} needs.
 * A bean the application already defines under such a name is left alone.
 */
class CacheManagerRegistrar implements ImportBeanDefinitionRegistrar {

	static final String SUFFIX = "CacheManager";

	private final Environment environment;

	CacheManagerRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, Backend> backends = Binder.get(this.environment)
			.bind("cache.backends", Bindable.mapOf(String.class, Backend.class))
			.orElseGet(Map::of);
		for (String name : backends.keySet()) {
			String beanName = name + SUFFIX;
			if (registry.containsBeanDefinition(beanName)) {
				continue;
			}
			RootBeanDefinition definition = new RootBeanDefinition(PolycacheCacheManager.class);
			definition.setFactoryBeanName(PolycacheAutoConfiguration.CACHES_BEAN_NAME);
			definition.setUniqueFactoryMethodName("cacheManager");
			definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
			definition.setAutowireCandidate(false);
			registry.registerBeanDefinition(beanName, definition);
		}
	}

}
