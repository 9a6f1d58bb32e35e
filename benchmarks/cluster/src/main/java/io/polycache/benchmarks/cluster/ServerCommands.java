package io.polycache.benchmarks.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.polycache.benchmarks.support.LoopbackServer;

/**
 * The commands a loopback server has executed so far, by command, read over a connection
 * of its own: redis's {@code INFO commandstats} (the {@code calls} of every command but
 * {@code info} itself), memcached's {@code stats} ({@code cmd_get}, which counts every
 * {@code get} and {@code gets} per key; {@code cmd_set}, every {@code set}, {@code add} and
 * {@code cas}; {@code cmd_touch}; deletes). Subtract two readings for what ran between
 * them. Not thread-safe; one thread reads.
 */
abstract class ServerCommands {

	/** The counts so far, by command. */
	abstract Map<String, Long> read();

	static ServerCommands redis(LoopbackServer server) {
		return new ServerCommands() {

			@Override
			Map<String, Long> read() {
				Map<String, Long> counts = new TreeMap<>();
				for (String line : ask(server, "INFO commandstats\r\n", "")) {
					// cmdstat_get:calls=12,usec=...
					if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:")) {
						String command = line.substring("cmdstat_".length(), line.indexOf(':'));
						String calls = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
						counts.put(command, Long.parseLong(calls));
					}
				}
				return counts;
			}

		};
	}

	static ServerCommands memcached(LoopbackServer server) {
		return new ServerCommands() {

			@Override
			Map<String, Long> read() {
				Map<String, Long> counts = new TreeMap<>();
				for (String line : ask(server, "stats\r\n", "END")) {
					// STAT cmd_get 12
					String[] parts = line.split(" ");
					if (parts.length == 3 && (parts[1].startsWith("cmd_") || parts[1].startsWith("delete_"))
							&& !parts[1].equals("cmd_flush")) {
						counts.put(parts[1], Long.parseLong(parts[2]));
					}
				}
				return counts;
			}

		};
	}

	/** What ran from {@code before} to {@code after}, by command, leaving out commands that did not run. */
	static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = new TreeMap<>();
		after.forEach((command, count) -> {
			long ran = count - before.getOrDefault(command, 0L);
			if (ran != 0) {
				delta.put(command, ran);
			}
		});
		return delta;
	}

	static long total(Map<String, Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Sends one request and reads the reply's lines: up to the line {@code end}, or for
	 * redis ({@code end} empty) the lines of one bulk string.
	 */
	private static Iterable<String> ask(LoopbackServer server, String request, String end) {
		try (Socket socket = new Socket(LoopbackServer.HOST, server.port())) {
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			List<String> lines = new ArrayList<>();
			if (end.isEmpty()) {
				String header = in.readLine();
				int length = Integer.parseInt(header.substring(1));
				char[] body = new char[length];
				int read = 0;
				while (read < length) {
					int n = in.read(body, read, length - read);
					if (n < 0) {
						throw new IOException("redis closed the connection");
					}
					read += n;
				}
				lines.addAll(List.of(new String(body).split("\r\n")));
			}
			else {
				for (String line = in.readLine(); line != null && !line.equals(end); line = in.readLine()) {
					lines.add(line);
				}
			}
			return lines;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
