package io.polycache.sample;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** A run of generated load ends with the application: no load thread outlives its context. */
class LoadGeneratorShutdownTests {

	@Test
	void closingTheContextEndsARunUnderWay() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.application.name=load-shutdown-test")
			.run();
		LoadGenerator generator;
		Set<Thread> workers = new HashSet<>();
		try {
			generator = context.getBean(LoadGenerator.class);
			Set<Thread> before = loadThreads();
			assertThat(generator.start()).isTrue();
			workers.addAll(loadThreads());
			workers.removeAll(before);
			assertThat(workers).as("the run's workers").hasSize(LoadGenerator.WORKERS);
		}
		finally {
			context.close();
		}
		assertThat(generator.status().running()).as("a run under way after the context closed").isFalse();
		assertThat(workers).as("load threads alive after the context closed").noneMatch(Thread::isAlive);
	}

	private static Set<Thread> loadThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("sample-load-"))
			.collect(Collectors.toSet());
	}

}
