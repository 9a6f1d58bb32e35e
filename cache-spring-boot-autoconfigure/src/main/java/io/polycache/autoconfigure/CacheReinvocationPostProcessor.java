package io.polycache.autoconfigure;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cache.interceptor.BeanFactoryCacheOperationSourceAdvisor;
import org.springframework.cache.interceptor.CacheInterceptor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

/**
 * Wraps the advice of Spring's caching advisor ({@code @EnableCaching} in its default
 * proxy mode) in a {@link ReinvokingCacheInterceptor}, so that {@code refresh-after}
 * reloads the values of plain {@code @Cacheable} methods too. Does nothing to any other
 * bean, nor to an application without that advisor (AspectJ mode, JCache annotations).
 * <p>Priority-ordered, so that it is registered before the auto-proxy creator looks up
 * advisors and creates the caching advisor.
 */
final class CacheReinvocationPostProcessor implements BeanPostProcessor, PriorityOrdered {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof BeanFactoryCacheOperationSourceAdvisor advisor
				&& advisor.getAdvice() instanceof CacheInterceptor interceptor) {
			advisor.setAdvice(new ReinvokingCacheInterceptor(interceptor));
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
