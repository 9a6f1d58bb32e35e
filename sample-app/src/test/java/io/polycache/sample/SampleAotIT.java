package io.polycache.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import io.polycache.sample.CatalogService.Product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample, processed ahead of time at build ({@code process-aot}), started in
 * AOT mode ({@code -Dspring.aot.enabled=true}) as a separate process, and answering from
 * its caches. Runs after {@code package}, as a failsafe integration test.
 */
class SampleAotIT {

	private static final ParameterizedTypeReference<Timed<Product>> TIMED_PRODUCT = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<CacheReport>> CACHE_REPORTS = new ParameterizedTypeReference<>() {
	};

	@Test
	void theAotProcessedJarStartsAndServesFromItsCaches() throws Exception {
		Path jar = Path.of("target", "polycache-sample.jar");
		assertThat(jar).exists();
		int port = freePort();
		Path log = Files.createTempFile("polycache-sample-aot", ".log");
		String java = ProcessHandle.current().info().command().orElse("java");
		Process app = new ProcessBuilder(java, "-Dspring.aot.enabled=true", "-jar", jar.toString(),
				"--server.port=" + port, "--server.address=127.0.0.1")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			RestClient http = RestClient.create("http://127.0.0.1:" + port);
			await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> http.get()
				.uri("/actuator/health")
				.retrieve()
				.toBodilessEntity()
				.getStatusCode()
				.is2xxSuccessful());
			assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication");
			Timed<Product> first = http.get().uri("/products/{id}", 1).retrieve().body(TIMED_PRODUCT);
			Timed<Product> second = http.get().uri("/products/{id}", 1).retrieve().body(TIMED_PRODUCT);
			assertThat(second.value()).isEqualTo(first.value());
			CacheReport products = http.get()
				.uri("/caches")
				.retrieve()
				.body(CACHE_REPORTS)
				.stream()
				.filter((report) -> report.name().equals("products"))
				.findFirst()
				.orElseThrow();
			assertThat(products.statistics().hits()).as("the second read came from the cache").isPositive();
			assertThat(products.statistics().misses()).isEqualTo(1);
			assertThat(http.get().uri("/").retrieve().body(String.class)).as("the dashboard")
				.contains("<title>Polycache sample");
			HttpStatusCode uplot = http.get()
				.uri("/webjars/uplot/dist/uPlot.iife.min.js")
				.retrieve()
				.toBodilessEntity()
				.getStatusCode();
			assertThat(uplot.is2xxSuccessful()).as("uPlot, found without its version").isTrue();
		}
		finally {
			app.destroy();
			if (!app.waitFor(20, TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
			Files.deleteIfExists(log);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
