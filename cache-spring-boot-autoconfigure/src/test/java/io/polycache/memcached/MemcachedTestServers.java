package io.polycache.memcached;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.polycache.testsupport.LoopbackServer;

/** Real memcached processes for tests, and clients for them that reconnect quickly. */
public final class MemcachedTestServers {

	private MemcachedTestServers() {
	}

	/** A memcached with 64 MB and the default 1 MiB item size limit, TCP on 127.0.0.1 only. */
	public static LoopbackServer start() {
		return LoopbackServer.start("memcached", "memcached",
				(port) -> List.of("-p", String.valueOf(port), "-l", LoopbackServer.HOST, "-U", "0", "-m", "64", "-t",
						"2", "-u", System.getProperty("user.name")));
	}

	/** Client settings for these servers, reconnecting every 100 ms. */
	public static MemcachedClientSettings settings(LoopbackServer... servers) {
		List<String> addresses = Arrays.stream(servers).map(LoopbackServer::address).toList();
		return new MemcachedClientSettings(addresses, Duration.ofMillis(500), 1,
				MemcachedClientSettings.DEFAULT_MAX_ITEM_SIZE, Duration.ofMillis(100));
	}

	/** Whether this one server holds the key, asked directly with memcached's meta-get. */
	public static boolean holds(LoopbackServer server, String serverKey) {
		try (Socket socket = new Socket(LoopbackServer.HOST, server.port())) {
			socket.setSoTimeout(5_000);
			socket.getOutputStream().write(("mg " + serverKey + "\r\n").getBytes(StandardCharsets.US_ASCII));
			String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			return "HD".equals(reply);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
