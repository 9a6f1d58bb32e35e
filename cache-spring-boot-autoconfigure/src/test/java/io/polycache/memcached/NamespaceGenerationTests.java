package io.polycache.memcached;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.spi.CacheStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.testsupport.LoopbackServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a server that accepts connections and never answers, calls that need the
 * namespace generation do not queue up to each send their own read and wait out their own
 * timeout: one read goes out, and the others fail once it has.
 */
class NamespaceGenerationTests {

	@Test
	void callersDoNotQueueBehindAServerThatNeverAnswers() throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName(LoopbackServer.HOST))) {
			Thread acceptor = new Thread(() -> swallow(silent, received), "silent-memcached");
			acceptor.setDaemon(true);
			acceptor.start();
			MemcachedClientSettings settings = new MemcachedClientSettings(
					List.of(LoopbackServer.HOST + ":" + silent.getLocalPort()), Duration.ofMillis(200), 1,
					MemcachedClientSettings.DEFAULT_MAX_ITEM_SIZE, Duration.ofSeconds(1));
			SharedMemcachedClient client = SharedMemcachedClient.connect("silent", settings);
			ExecutorService callers = Executors.newFixedThreadPool(8);
			try {
				CacheStore<String, byte[]> store = MemcachedStores.create("quotes", KeyNamespace.of(CacheSettings.defaults("quotes")), client,
						Duration.ofSeconds(30), Clock.systemUTC());
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Boolean>> calls = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					String key = "k" + i;
					calls.add(callers.submit(() -> {
						start.await();
						try {
							store.get(key);
							return true;
						}
						catch (RuntimeException expected) {
							return false;
						}
					}));
				}
				start.countDown();
				for (Future<Boolean> call : calls) {
					assertThat(call.get(30, TimeUnit.SECONDS)).as("a call answered by a silent server").isFalse();
				}
			}
			finally {
				callers.shutdownNow();
				client.shutdown();
			}
		}
		assertThat(received.stream().filter(line -> line.contains("quotes:generation"))).hasSize(1);
	}

	private static void swallow(ServerSocket server, List<String> received) {
		while (!server.isClosed()) {
			try {
				Socket socket = server.accept();
				Thread reader = new Thread(() -> {
					try (BufferedReader in = new BufferedReader(
							new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
						String line;
						while ((line = in.readLine()) != null) {
							received.add(line);
						}
					}
					catch (IOException closed) {
						// The client went away: nothing more to count.
					}
				});
				reader.setDaemon(true);
				reader.start();
			}
			catch (IOException closed) {
				return;
			}
		}
	}

}
