package io.polycache.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code polycache} actuator endpoint, when the actuator is on the classpath and the
 * endpoint is available: its access is not {@code none} and it is exposed
 * ({@code management.endpoints.web.exposure.include=polycache}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
class PolycacheEndpointConfiguration {

	// On the method, not the class: its condition class exists only with the actuator.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	PolycacheEndpoint polycacheEndpoint(PolycacheCaches caches) {
		return new PolycacheEndpoint(caches);
	}

}
