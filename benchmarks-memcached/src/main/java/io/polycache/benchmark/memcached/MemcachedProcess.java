package io.polycache.benchmark.memcached;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A memcached process on a free port of 127.0.0.1, for the length of one benchmark trial. */
final class MemcachedProcess implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private final Process process;

	private final int port;

	private MemcachedProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static MemcachedProcess start() throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			port = socket.getLocalPort();
		}
		Process process = new ProcessBuilder(List.of("memcached", "-p", String.valueOf(port), "-l", HOST, "-U", "0",
				"-m", "256", "-t", "2", "-u", System.getProperty("user.name")))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(HOST, port), 200);
				return new MemcachedProcess(process, port);
			}
			catch (IOException notYet) {
				if (!process.isAlive()) {
					throw new IllegalStateException("memcached exited with " + process.exitValue()
							+ "; install it with: sudo apt-get install memcached");
				}
				Thread.sleep(20);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("memcached did not accept connections on port " + port);
	}

	String address() {
		return HOST + ":" + this.port;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

}
