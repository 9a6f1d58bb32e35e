package io.polycache.sample;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** A missing browser or driver fails the browser test with the packages to install; it is never skipped. */
class HeadlessChromiumTests {

	@Test
	void missingBinaryFailsSayingWhatToInstall() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> HeadlessChromium.require(Path.of("/nonexistent/chromium"), "chromium"))
			.withMessageContaining("chromium is not installed at /nonexistent/chromium")
			.withMessageContaining("sudo apt-get install chromium chromium-driver");
	}

	@Test
	void installedBinariesPass() {
		assertThatNoException().isThrownBy(() -> {
			HeadlessChromium.require(HeadlessChromium.BROWSER, "chromium");
			HeadlessChromium.require(HeadlessChromium.DRIVER, "chromedriver");
		});
	}

}
