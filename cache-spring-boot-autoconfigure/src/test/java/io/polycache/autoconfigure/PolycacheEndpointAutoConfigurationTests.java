package io.polycache.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code polycache} endpoint is a bean when the actuator is present and the endpoint is
 * available (exposed, access not {@code none}), and an application without the actuator
 * starts without it.
 */
class PolycacheEndpointAutoConfigurationTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=polycache";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
		.withPropertyValues("cache.backends.products.type=local-memory");

	@Test
	void anExposedEndpointIsABean() {
		this.runner.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(context).hasSingleBean(PolycacheEndpoint.class));
	}

	@Test
	void anEndpointNotExposedIsNoBean() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PolycacheEndpoint.class));
	}

	@Test
	void anEndpointWithoutAccessIsNoBean() {
		this.runner.withPropertyValues(EXPOSED, "management.endpoint.polycache.access=NONE")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PolycacheEndpoint.class));
	}

	@Test
	void anApplicationWithoutTheActuatorStarts() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("cacheManager")
				.doesNotHaveBean("polycacheEndpoint"));
	}

}
