package io.polycache.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import io.polycache.core.CacheStatistics;
import io.polycache.sample.CatalogService.Product;
import io.polycache.sample.LoadGenerator.LoadStatus;
import io.polycache.sample.LoadTimes.LoadTime;
import io.polycache.sample.ThumbnailService.Summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Drives the sample over HTTP and tells hits from misses by the {@code /caches} counters, never by timing. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private static final ParameterizedTypeReference<Timed<Product>> TIMED_PRODUCT = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<Timed<Summary>> TIMED_SUMMARY = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<CacheReport>> CACHE_REPORTS = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	private RestClient http;

	@BeforeEach
	void setUp() {
		this.http = RestClient.create("http://127.0.0.1:" + this.port);
		this.http.delete().uri("/caches/products").retrieve().toBodilessEntity();
	}

	@Test
	void secondCallIsAHit() {
		CacheStatistics before = productStatistics();
		Timed<Product> first = getProduct(1);
		Timed<Product> second = getProduct(1);
		CacheStatistics after = productStatistics();
		assertThat(second.cache()).isEqualTo("products");
		assertThat(second.value()).isEqualTo(first.value()).isEqualTo(
				new Product(1, "Product 1", "Loaded from the catalogue database"));
		assertThat(after.hits() - before.hits()).isOne();
		assertThat(after.misses() - before.misses()).isOne();
		assertThat(after.puts() - before.puts()).isOne();
	}

	@Test
	void differentIdIsAMiss() {
		getProduct(1);
		CacheStatistics before = productStatistics();
		assertThat(getProduct(2).value().id()).isEqualTo(2);
		CacheStatistics after = productStatistics();
		assertThat(after.hits()).isEqualTo(before.hits());
		assertThat(after.misses() - before.misses()).isOne();
	}

	@Test
	void clearedCacheMissesAgain() {
		getProduct(1);
		this.http.delete().uri("/caches/products").retrieve().toBodilessEntity();
		CacheStatistics before = productStatistics();
		getProduct(1);
		CacheStatistics after = productStatistics();
		assertThat(after.hits()).isEqualTo(before.hits());
		assertThat(after.misses() - before.misses()).isOne();
	}

	@Test
	void listsEveryConfiguredCache() {
		assertThat(cacheReports()).extracting(CacheReport::name)
			.containsExactly("products", "prices", "exchange-rates", "stock", "page-views", "thumbnails");
	}

	@Test
	void thumbnailIsRenderedOnceThenReadFromDisk() {
		this.http.delete().uri("/caches/thumbnails").retrieve().toBodilessEntity();
		CacheStatistics before = statistics("thumbnails");
		Timed<Summary> first = getThumbnail(7);
		Timed<Summary> second = getThumbnail(7);
		CacheStatistics after = statistics("thumbnails");
		assertThat(second.value()).isEqualTo(first.value()).isEqualTo(new Summary(7, 64, 64 * 64));
		assertThat(after.misses() - before.misses()).isOne();
		assertThat(after.hits() - before.hits()).isOne();
	}

	@Test
	void reportsBackendPolicyAndBound() {
		List<CacheReport> reports = cacheReports();
		assertThat(reports).filteredOn((report) -> report.name().equals("products"))
			.singleElement()
			.satisfies((products) -> {
				assertThat(products.backend()).isEqualTo("local-memory");
				assertThat(products.policy()).isEqualTo("LFU");
				assertThat(products.bound()).isEqualTo(1_000);
			});
		assertThat(reports).filteredOn((report) -> report.name().equals("thumbnails"))
			.singleElement()
			.satisfies((thumbnails) -> assertThat(thumbnails.backend()).isEqualTo("file-system"));
		assertThat(reports).filteredOn((report) -> report.name().equals("stock"))
			.singleElement()
			.satisfies((stock) -> {
				assertThat(stock.backend()).isEqualTo("none");
				assertThat(stock.policy()).as("none keeps nothing, so it has no policy").isNull();
				assertThat(stock.bound()).isNull();
			});
	}

	@Test
	void aMissIsOneTimedLoadAndTheHitRatioFollows() {
		LoadTime before = report("products").load();
		getProduct(1);
		getProduct(1);
		CacheReport after = report("products");
		assertThat(after.load().count() - before.count()).isOne();
		assertThat(after.load().totalMillis() - before.totalMillis()).as("the catalogue takes 400 ms")
			.isGreaterThanOrEqualTo(400);
		assertThat(after.hitRatio()).isEqualTo(after.statistics().hitRatio()).isPositive();
	}

	@Test
	void generatedLoadRunsOneAtATimeWithinItsBounds() throws Exception {
		long readsBefore = productStatistics().requests();
		int callers = 8;
		CyclicBarrier together = new CyclicBarrier(callers);
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		List<ResponseEntity<LoadStatus>> answers = new ArrayList<>();
		try {
			List<Future<ResponseEntity<LoadStatus>>> posts = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				posts.add(threads.submit(() -> {
					together.await();
					return this.http.post()
						.uri("/load")
						.retrieve()
						.onStatus((status) -> status.value() == 409, (request, response) -> {
						})
						.toEntity(LoadStatus.class);
				}));
			}
			for (Future<ResponseEntity<LoadStatus>> post : posts) {
				answers.add(post.get(30, TimeUnit.SECONDS));
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(answers).extracting(ResponseEntity::getStatusCode)
			.as("eight POSTs at once start one run; the others see it under way")
			.containsOnlyOnce(HttpStatus.ACCEPTED)
			.containsOnly(HttpStatus.ACCEPTED, HttpStatus.CONFLICT);
		assertThat(answers).extracting((answer) -> answer.getBody().run()).containsOnly(answers.get(0).getBody().run());
		await().atMost(LoadGenerator.DURATION.plus(Duration.ofSeconds(15)))
			.until(() -> !this.http.get().uri("/load").retrieve().body(LoadStatus.class).running());
		LoadStatus done = this.http.get().uri("/load").retrieve().body(LoadStatus.class);
		assertThat(done.calls()).isPositive().isLessThanOrEqualTo(LoadGenerator.MAX_CALLS);
		assertThat(productStatistics().requests()).isGreaterThan(readsBefore);
	}

	private CacheReport report(String cache) {
		return cacheReports().stream().filter((report) -> report.name().equals(cache)).findFirst().orElseThrow();
	}

	private Timed<Summary> getThumbnail(long id) {
		Timed<Summary> response = this.http.get().uri("/thumbnails/{id}?width=64", id).retrieve().body(TIMED_SUMMARY);
		assertThat(response).isNotNull();
		return response;
	}

	private Timed<Product> getProduct(long id) {
		Timed<Product> response = this.http.get().uri("/products/{id}", id).retrieve().body(TIMED_PRODUCT);
		assertThat(response).isNotNull();
		return response;
	}

	private CacheStatistics productStatistics() {
		return statistics("products");
	}

	private CacheStatistics statistics(String cache) {
		return cacheReports().stream()
			.filter((report) -> report.name().equals(cache))
			.findFirst()
			.orElseThrow()
			.statistics();
	}

	private List<CacheReport> cacheReports() {
		List<CacheReport> reports = this.http.get().uri("/caches").retrieve().body(CACHE_REPORTS);
		assertThat(reports).isNotNull();
		return reports;
	}

}
