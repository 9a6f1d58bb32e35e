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
		return "HD".equals(meta(server, serverKey, ""));
	}

	/**
	 * What this one server answers a meta-get of the key with these flags (such as
	 * {@code t f}: its TTL left and its client flags): {@code HD ...} when it holds the key,
	 * {@code EN} when not.
	 */
	public static String meta(LoopbackServer server, String serverKey, String flags) {
		try (Socket socket = new Socket(LoopbackServer.HOST, server.port())) {
			socket.setSoTimeout(5_000);
			String command = "mg " + serverKey + (flags.isEmpty() ? "" : " " + flags) + "\r\n";
			socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
