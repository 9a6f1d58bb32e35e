package io.polycache.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The harness itself: a missing binary fails with install advice; a server stops and restarts. */
class LoopbackServerTests {

	@Test
	void missingBinaryFailsWithInstallAdvice() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> LoopbackServer.start("polycache-no-such-server", "no-such-package", port -> List.of()))
			.withMessageContaining("sudo apt-get install no-such-package");
	}

	@Test
	void redisServerStartsStopsAndRestartsOnItsPort() {
		try (LoopbackServer redis = LoopbackServer.start("redis-server", "redis-server",
				port -> List.of("--port", String.valueOf(port), "--bind", LoopbackServer.HOST, "--save", "",
						"--appendonly", "no"))) {
			assertThat(accepts(redis.port())).isTrue();
			redis.stop();
			assertThat(accepts(redis.port())).isFalse();
			redis.start();
			assertThat(accepts(redis.port())).isTrue();
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LoopbackServer.HOST, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
