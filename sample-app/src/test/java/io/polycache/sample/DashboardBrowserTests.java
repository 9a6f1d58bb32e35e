package io.polycache.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard at {@code /} in a real headless Chromium: generated load makes the hit
 * ratio rise and the charts draw, and "Clear" empties a cache. Leaves a screenshot in
 * {@code target/screenshots/dashboard.png}. Each test has an application of its own (another
 * name, a new context per test), so its counters start at zero whatever other tests did.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.application.name=dashboard-test")
@DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
class DashboardBrowserTests {

	private static final Path SCREENSHOT = Path.of("target", "screenshots", "dashboard.png");

	/**
	 * Pixels of one chart's canvas drawn in a series' colour (opaque, so not the hits' translucent
	 * fill) more than 4 pixels above the plot's floor, where the y scale's 0 is: a series that
	 * stays at 0 draws there, and counts none.
	 */
	private static final String LINE_PIXELS_ABOVE_ZERO = """
			const [cache, chart, red, green, blue] = arguments;
			const canvas = document.querySelector('[data-cache="' + cache + '"] .' + chart + ' canvas');
			const plot = canvas.parentElement.querySelector('.u-over');
			const scale = canvas.height / canvas.clientHeight;
			const rows = Math.floor((plot.offsetTop + plot.offsetHeight - 4) * scale);
			const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, rows).data;
			let count = 0;
			for (let i = 0; i < pixels.length; i += 4) {
				if (Math.abs(pixels[i] - red) < 40 && Math.abs(pixels[i + 1] - green) < 40
						&& Math.abs(pixels[i + 2] - blue) < 40 && pixels[i + 3] > 200) {
					count++;
				}
			}
			return count;
			""";

	/**
	 * Replaces the page's {@code fetch} so that the next {@code GET /caches} is sent at once
	 * but its answer is held back until {@code window.releaseHeld()}: a slow response.
	 */
	private static final String HOLD_NEXT_READING = """
			const fetchNow = window.fetch;
			window.held = [];
			let hold = true;
			window.fetch = (url, init) => {
				const response = fetchNow(url, init);
				if (!hold || url !== '/caches' || (init && init.method)) {
					return response;
				}
				hold = false;
				return response.then((answer) => new Promise((resolve) => window.held.push(() => resolve(answer))));
			};
			window.releaseHeld = () => window.held.forEach((release) => release());
			""";

	/** Releases the held answer and collects every size the products card shows in the next 500 ms. */
	private static final String RELEASE_AND_WATCH_SIZE = """
			const done = arguments[arguments.length - 1];
			const size = document.querySelector('[data-cache="products"] .size-figure .size');
			const shown = [];
			new MutationObserver(() => shown.push(size.textContent))
				.observe(size, { childList: true, characterData: true, subtree: true });
			window.releaseHeld();
			setTimeout(() => done(shown), 500);
			""";

	@LocalServerPort
	private int port;

	private ChromeDriver browser;

	@AfterEach
	void quit() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void generatedLoadShowsHitsAndChartsAndClearEmptiesACache(@TempDir Path profile) throws Exception {
		this.browser = HeadlessChromium.start(profile, 1440, 1160);
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(25), Duration.ofMillis(200));
		wait.ignoring(StaleElementReferenceException.class);
		this.browser.get("http://127.0.0.1:" + this.port + "/");
		assertThat(this.browser.getTitle()).contains("Polycache");
		wait.until((browser) -> browser.findElements(By.cssSelector("section.cache")).size() == 6);
		WebElement products = this.browser.findElement(By.cssSelector("[data-cache='products']"));
		assertThat(products.findElement(By.className("backend")).getText()).isEqualTo("local-memory");
		assertThat(products.findElement(By.cssSelector(".policy-figure .value")).getText()).isEqualTo("LFU");
		assertThat(products.findElement(By.cssSelector(".size-figure .value")).getText()).endsWith("/ 1,000");
		assertThat(products.findElement(By.cssSelector(".hit-ratio-figure .value")).getText())
			.as("no read yet, so no hit ratio").isEqualTo("–");

		WebElement generate = this.browser.findElement(By.id("generate-load"));
		generate.click();
		wait.until((browser) -> hitRatio(products) > 0);
		double hitRatio = hitRatio(products);
		wait.until((browser) -> hitLinePixels("products") > 0);
		long pixels = hitLinePixels("products");
		wait.until((browser) -> loadTimePixels("products") > 0);
		// A run lasts at most LoadGenerator.DURATION; clearing during one would be refilled at once.
		wait.until(ExpectedConditions.attributeToBe(By.id("load-status"), "data-running", "false"));
		wait.until((browser) -> size(products) > 0);
		long sizeBefore = size(products);
		saveScreenshot();

		products.findElement(By.className("clear")).click();
		wait.until((browser) -> size(products) == 0);
		System.out.printf(Locale.ROOT, "Dashboard: products hit ratio %s (read %.3f), %d hit-line pixels, size %d "
				+ "before Clear, %d after; %s%n", products.findElement(By.cssSelector(".hit-ratio-figure .value"))
			.getText(), hitRatio, pixels, sizeBefore, size(products),
				this.browser.findElement(By.id("load-status")).getText());
		assertThat(hitRatio).isPositive();
		assertThat(pixels).isPositive();
		assertThat(sizeBefore).isPositive();
		assertThat(size(products)).isZero();
	}

	@Test
	void anAnswerOlderThanTheOneShownIsDropped(@TempDir Path profile) throws Exception {
		RestClient http = RestClient.create("http://127.0.0.1:" + this.port);
		http.get().uri("/products/1").retrieve().toBodilessEntity();
		this.browser = HeadlessChromium.start(profile, 1440, 1160);
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(25), Duration.ofMillis(200));
		wait.ignoring(StaleElementReferenceException.class);
		this.browser.get("http://127.0.0.1:" + this.port + "/");
		wait.until((browser) -> browser.findElements(By.cssSelector("[data-cache='products']")).size() == 1);
		WebElement products = this.browser.findElement(By.cssSelector("[data-cache='products']"));
		wait.until((browser) -> size(products) == 1);
		JavascriptExecutor page = this.browser;
		page.executeScript(HOLD_NEXT_READING);
		// A reading of size 1 arrives, held back like a slow response, before "Clear" is pressed.
		wait.until((browser) -> (Long) page.executeScript("return window.held.length;") == 1);
		products.findElement(By.className("clear")).click();
		wait.until((browser) -> size(products) == 0);
		List<?> shown = (List<?>) page.executeAsyncScript(RELEASE_AND_WATCH_SIZE);
		assertThat(shown).as("sizes shown after the older reading arrived").allMatch("0"::equals);
		assertThat(size(products)).isZero();
	}

	/** The hit ratio the card shows, as a fraction; 0 while it shows none. */
	private static double hitRatio(WebElement card) {
		String text = card.findElement(By.cssSelector(".hit-ratio-figure .value")).getText();
		return text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1)) / 100 : 0;
	}

	/** The size the card shows; -1 while it shows none. */
	private static long size(WebElement card) {
		String text = card.findElement(By.cssSelector(".size-figure .size")).getText().replace(",", "");
		return text.matches("\\d+") ? Long.parseLong(text) : -1;
	}

	/** Pixels of the hits line (#16a34a) above 0 hits per second. */
	private long hitLinePixels(String cache) {
		return (Long) ((JavascriptExecutor) this.browser).executeScript(LINE_PIXELS_ABOVE_ZERO, cache,
				"chart-requests", 22, 163, 74);
	}

	/** Pixels of the mean load time's line and points (#7c3aed) above 0 ms. */
	private long loadTimePixels(String cache) {
		return (Long) ((JavascriptExecutor) this.browser).executeScript(LINE_PIXELS_ABOVE_ZERO, cache, "chart-load",
				124, 58, 237);
	}

	private void saveScreenshot() throws Exception {
		Files.createDirectories(SCREENSHOT.getParent());
		Files.write(SCREENSHOT, this.browser.getScreenshotAs(OutputType.BYTES));
	}

}
