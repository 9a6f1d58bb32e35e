package io.polycache.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** When calls fail fast, and when they try redis again. */
class OutageGuardTests {

	private final OutageGuard guard = new OutageGuard("test:1:", Duration.ofMillis(200));

	@Test
	void unreachableRedisMakesCallsFailFastUntilTheRetryInterval() {
		this.guard.failed(new QueryTimeoutException("Redis command timed out"));
		assertThatExceptionOfType(RedisConnectionFailureException.class).isThrownBy(this.guard::checkAvailable)
			.withMessageContaining("test:1:*");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThatCode(this.guard::checkAvailable).doesNotThrowAnyException());
	}

	@Test
	void connectionFailureCounts() {
		this.guard.failed(new RedisConnectionFailureException("Unable to connect"));
		assertThatExceptionOfType(RedisConnectionFailureException.class).isThrownBy(this.guard::checkAvailable);
	}

	@Test
	void errorsTheServerAnswersDoNotCount() {
		this.guard.failed(new RedisSystemException("WRONGTYPE", new IllegalStateException()));
		assertThatCode(this.guard::checkAvailable).doesNotThrowAnyException();
	}

	@Test
	void successClosesTheGuard() {
		this.guard.failed(new QueryTimeoutException("Redis command timed out"));
		this.guard.succeeded();
		assertThatCode(this.guard::checkAvailable).doesNotThrowAnyException();
	}

}
