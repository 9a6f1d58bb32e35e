package io.polycache.benchmarks.redis;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A redis-server on a free port of 127.0.0.1, without persistence, for one benchmark run. */
final class RedisServerProcess implements AutoCloseable {

	static final String HOST = "127.0.0.1";

	private final Process process;

	private final int port;

	private RedisServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static RedisServerProcess start() throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			port = socket.getLocalPort();
		}
		List<String> command = List.of("redis-server", "--port", String.valueOf(port), "--bind", HOST, "--save", "",
				"--appendonly", "no");
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(new File(System.getProperty("java.io.tmpdir"),
						"polycache-benchmark-redis-" + port + ".log")))
				.start();
		}
		catch (IOException ex) {
			throw new IOException("Cannot start redis-server; install it with: sudo apt-get install redis-server", ex);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(HOST, port), 200);
				return new RedisServerProcess(process, port);
			}
			catch (IOException notYet) {
				Thread.sleep(20);
			}
		}
		process.destroyForcibly();
		throw new IOException("redis-server did not accept connections on port " + port);
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
