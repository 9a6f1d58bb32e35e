package io.polycache.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium}, headless, driven through Debian's {@code chromedriver}. Both
 * paths are given explicitly, so Selenium Manager never runs and nothing is downloaded;
 * a missing package fails the test, saying how to install it.
 */
final class HeadlessChromium {

	static final Path BROWSER = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private HeadlessChromium() {
	}

	/**
	 * Starts a browser with a new, empty profile in {@code profile} and a window of the
	 * given size.
	 * @throws AssertionError if chromium or chromedriver is not installed
	 */
	static ChromeDriver start(Path profile, int width, int height) throws IOException {
		require(BROWSER, "chromium");
		require(DRIVER, "chromedriver");
		Files.createDirectories(profile);
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER.toFile());
		// The network here is closed: no first-run, sync, component or background traffic.
		// A container's /dev/shm is often too small for the renderer: shared memory goes to /tmp.
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height,
				"--force-device-scale-factor=1", "--hide-scrollbars");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.withTimeout(Duration.ofSeconds(20))
			.build();
		return new ChromeDriver(service, options);
	}

	/** Fails, saying how to install the Debian packages, unless {@code binary} is an executable file. */
	static void require(Path binary, String name) {
		File file = binary.toFile();
		if (!file.canExecute()) {
			throw new AssertionError(name + " is not installed at " + binary + ", and this test drives a real browser. "
					+ "Install it with: sudo apt-get install chromium chromium-driver "
					+ "(scripts/test does this when run as root)");
		}
	}

}
