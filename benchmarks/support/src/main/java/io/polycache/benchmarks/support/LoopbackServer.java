package io.polycache.benchmarks.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process on a free port of 127.0.0.1 for the length of one benchmark run: a
 * {@link #redis() redis-server} without persistence or a {@link #memcached() memcached}.
 * Its output goes to {@code polycache-benchmark-<program>-<port>.log} in
 * {@code java.io.tmpdir}. Not thread-safe: one thread starts and closes it.
 */
public final class LoopbackServer implements AutoCloseable {

	/** The address every server listens on and every client connects to. */
	public static final String HOST = "127.0.0.1";

	private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

	private final Process process;

	private final int port;

	private LoopbackServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** Starts a redis-server without persistence ({@code --save "" --appendonly no}). */
	public static LoopbackServer redis() throws IOException, InterruptedException {
		return start("redis-server",
				(port) -> List.of("--port", port, "--bind", HOST, "--save", "", "--appendonly", "no"));
	}

	/** Starts a memcached with 256 MB of memory, 2 threads and no UDP. */
	public static LoopbackServer memcached() throws IOException, InterruptedException {
		return start("memcached", (port) -> List.of("-p", port, "-l", HOST, "-U", "0", "-m", "256",
				"-t", "2", "-u", System.getProperty("user.name")));
	}

	private static LoopbackServer start(String program, Arguments arguments)
			throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>();
		command.add(program);
		command.addAll(arguments.forPort(String.valueOf(port)));
		File log = new File(System.getProperty("java.io.tmpdir"), "polycache-benchmark-" + program + "-" + port + ".log");
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
				.start();
		}
		catch (IOException ex) {
			throw new IOException("Cannot start " + program + "; install it with: sudo apt-get install " + program, ex);
		}
		long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(HOST, port), 200);
				return new LoopbackServer(process, port);
			}
			catch (IOException notYet) {
				if (!process.isAlive()) {
					throw new IOException(program + " exited with " + process.exitValue() + "; see " + log);
				}
				Thread.sleep(20);
			}
		}
		process.destroyForcibly();
		throw new IOException(program + " did not accept connections on port " + port + "; see " + log);
	}

	/** The port the server listens on. */
	public int port() {
		return this.port;
	}

	/** {@code host:port}, as a client's server list takes it. */
	public String address() {
		return HOST + ":" + this.port;
	}

	/** Stops the server: asks it to end, and kills it if it has not within 10 seconds. */
	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	/** A server's command-line arguments after its program name, given the port. */
	@FunctionalInterface
	private interface Arguments {

		List<String> forPort(String port);

	}

}
