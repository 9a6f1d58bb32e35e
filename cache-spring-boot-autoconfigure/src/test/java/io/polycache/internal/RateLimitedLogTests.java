package io.polycache.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RateLimitedLog}: a message given as a supplier is built only for the warning that
 * is logged, not for the ones the interval suppresses.
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimitedLogTests {

	@Test
	void aSuppliedMessageIsBuiltOnlyWhenLogged(CapturedOutput output) {
		RateLimitedLog log = new RateLimitedLog(LogFactory.getLog(RateLimitedLogTests.class), Duration.ofHours(1));
		AtomicInteger built = new AtomicInteger();
		for (int i = 0; i < 1000; i++) {
			log.warn(() -> "queue full " + built.incrementAndGet(), null);
		}
		assertThat(built).hasValue(1);
		assertThat(output).contains("queue full 1").doesNotContain("queue full 2");
	}

}
