package io.polycache.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.ImportRuntimeHints;

import io.polycache.file.FileSystemProperties;
import io.polycache.memcached.MemcachedCacheProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The hints Polycache gives ahead-of-time processing, checked with Spring's predicates. */
class PolycacheRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	PolycacheRuntimeHintsTests() {
		new PolycacheRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void theProviderPropertyGroupsCanBeBound() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(FileSystemProperties.class, "setFsync"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(FileSystemProperties.class, "setDirectory"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(MemcachedCacheProperties.class, "setOperationTimeout")).accepts(this.hints);
	}

	@Test
	void theJsonEnvelopeCanBeReadAndWritten() throws Exception {
		Class<?> envelope = Class.forName(PolycacheRuntimeHints.JSON_ENVELOPE);
		assertThat(envelope.isRecord()).as("the class the hint names exists").isTrue();
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(envelope.getDeclaredConstructors()[0]))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(envelope, "value")).accepts(this.hints);
	}

	@Test
	void theEndpointsAnswersCanBeWritten() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PolycacheEndpoint.CachesDescriptor.class,
				"caches")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PolycacheEndpoint.CacheDescriptor.class,
				"size")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PolycacheEndpoint.SettingsDescriptor.class,
				"maxEntries")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(PolycacheEndpoint.NearStatisticsDescriptor.class, "hitRatio")).accepts(this.hints);
	}

	@Test
	void theAutoConfigurationImportsThem() {
		ImportRuntimeHints imported = PolycacheAutoConfiguration.class.getAnnotation(ImportRuntimeHints.class);
		assertThat(imported).isNotNull();
		assertThat(imported.value()).contains(PolycacheRuntimeHints.class);
	}

}
