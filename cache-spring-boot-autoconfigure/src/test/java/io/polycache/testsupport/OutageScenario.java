package io.polycache.testsupport;

import java.time.Duration;

import io.polycache.internal.OutageGuardStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.awaitility.Awaitility.await;

/**
 * One outage of a real server behind an {@link OutageGuardStore} with a one-second window:
 * sixteen threads call the store for 2.5 s while the server is down; at most one call at a
 * time reaches it and the others fail at once; once the server is back, so is the store.
 */
public final class OutageScenario {

	private static final Duration BURST = Duration.ofMillis(2_500);

	private OutageScenario() {
	}

	/**
	 * @param store the guarded store, over {@code remote}
	 * @param remote counts the calls that reach the real store
	 * @param takeDown stops the server
	 * @param bringBack lets it answer again
	 */
	public static void run(OutageGuardStore<String, byte[]> store, CountingStore remote, Runnable takeDown, Runnable bringBack)
			throws Exception {
		// A busy machine may time out the very first connection: wait for the server to answer.
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			store.put("k", new byte[] { 1 }, Duration.ZERO);
			assertThat(store.get("k")).isEqualTo(new byte[] { 1 });
		});

		takeDown.run();
		assertThatRuntimeException().as("the call that finds the server gone").isThrownBy(() -> store.get("k"));
		assertThat(store.isDown()).isTrue();
		remote.reset();
		OutageBurst burst = OutageBurst.run(16, BURST, () -> store.get("k"));
		assertThat(remote.mostInFlight()).as("calls at the server at once").isOne();
		assertThat(remote.calls()).as("probes: about one per window").isBetween(1, 4);
		assertThat(burst.otherFailures()).as("calls that reached the server").isEqualTo(remote.calls());
		assertThat(burst.fastFailures()).as("calls that failed at once").isGreaterThan(500);
		assertThat(burst.fastFailureP99()).as("99th percentile of the calls that failed at once")
			.isLessThan(Duration.ofMillis(100));

		bringBack.run();
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() -> {
			store.put("k", new byte[] { 2 }, Duration.ZERO);
			assertThat(store.isDown()).isFalse();
		});
		OutageBurst recovered = OutageBurst.run(16, Duration.ofMillis(200), () -> store.get("k"));
		assertThat(recovered.fastFailures() + recovered.otherFailures()).isZero();
		assertThat(recovered.successes()).isPositive();
		assertThat(store.get("k")).isEqualTo(new byte[] { 2 });
	}

}
