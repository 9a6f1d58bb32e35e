package io.polycache.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real server process (redis-server, memcached, ...) for tests, on a free port of
 * 127.0.0.1, started from the binary on the {@code PATH} and stopped by {@link #close()}.
 * A missing binary fails the test with the command that installs it; it never skips.
 * {@link #stop()} and {@link #start()} let fault tests kill the server and bring it back on
 * the same port; {@link #pause()} and {@link #resume()} hang it and let it go on.
 * <p>Not thread-safe: one test drives it.
 */
public final class LoopbackServer implements AutoCloseable {

	/** The only address servers listen on and tests talk to. */
	public static final String HOST = "127.0.0.1";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private final String binary;

	private final IntFunction<List<String>> arguments;

	private final int port;

	private final Path log;

	private Process process;

	private LoopbackServer(String binary, IntFunction<List<String>> arguments, int port) throws IOException {
		this.binary = binary;
		this.arguments = arguments;
		this.port = port;
		this.log = Files.createTempFile("polycache-" + new File(binary).getName() + "-" + port + "-", ".log");
		this.log.toFile().deleteOnExit();
	}

	/**
	 * Starts {@code binary} with the arguments for a free port, and waits until it accepts
	 * connections.
	 * @param debianPackage the Debian package that provides the binary, for the failure message
	 * @param arguments the command-line arguments for a given port
	 */
	public static LoopbackServer start(String binary, String debianPackage, IntFunction<List<String>> arguments) {
		String path = findOnPath(binary);
		if (path == null) {
			throw new AssertionError(binary + " is not installed, and this test needs a real server. Install it with: "
					+ "sudo apt-get install " + debianPackage + " (scripts/test does this when run as root)");
		}
		try {
			LoopbackServer server = new LoopbackServer(path, arguments, freePort());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A port on 127.0.0.1 that nothing listened on a moment ago. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	/** (Re)starts the process on this server's port and waits until it accepts connections. */
	public void start() {
		if (isRunning()) {
			return;
		}
		List<String> command = new ArrayList<>();
		command.add(this.binary);
		command.addAll(this.arguments.apply(this.port));
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command, ex);
		}
		awaitAccepting();
	}

	/** Kills the process (SIGKILL), as a crash would, and waits until it is gone. */
	public void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroyForcibly();
		// A paused process dies of SIGKILL too; nothing to resume.
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException(this.binary + " on port " + this.port + " did not stop");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping " + this.binary, ex);
		}
		this.process = null;
	}

	/**
	 * Stops the process with SIGSTOP, as a hung or overloaded server: it keeps its
	 * connections open and answers nothing until {@link #resume()}.
	 */
	public void pause() {
		signal("STOP");
		// kill returns once the signal is sent; the process stops at its next return to user
		// space, which on a busy machine may come after it answered one more request.
		awaitState('T');
	}

	/** Waits until the process is in this state, as {@code /proc/<pid>/stat} shows it. */
	private void awaitState(char state) {
		Path stat = Path.of("/proc", String.valueOf(this.process.pid()), "stat");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		try {
			while (true) {
				String line = Files.readString(stat);
				// pid (comm) state ...: comm may hold spaces or parentheses, the state follows the last ')'.
				if (line.charAt(line.lastIndexOf(')') + 2) == state) {
					return;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(this.binary + " did not reach state " + state + ": " + line);
				}
				Thread.sleep(1);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + this.binary, ex);
		}
	}

	/** Lets a {@link #pause() paused} process run again (SIGCONT). */
	public void resume() {
		signal("CONT");
	}

	private void signal(String name) {
		if (!isRunning()) {
			throw new IllegalStateException(this.binary + " on port " + this.port + " is not running");
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(this.process.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + name + " " + this.process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling " + this.binary, ex);
		}
	}

	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	public int port() {
		return this.port;
	}

	/** {@code 127.0.0.1:port}. */
	public String address() {
		return HOST + ":" + this.port;
	}

	@Override
	public void close() {
		stop();
	}

	private void awaitAccepting() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.binary + " exited with " + this.process.exitValue()
						+ " on port " + this.port + "; its output: " + readLog());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(HOST, this.port), 200);
				return;
			}
			catch (IOException notYet) {
				sleepBriefly();
			}
		}
		stop();
		throw new IllegalStateException(this.binary + " did not accept connections on port " + this.port + " within "
				+ STARTUP_TIMEOUT + "; its output: " + readLog());
	}

	private String readLog() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(unreadable: " + ex + ")";
		}
	}

	private static void sleepBriefly() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a server", ex);
		}
	}

	private static String findOnPath(String binary) {
		String path = System.getenv("PATH");
		List<String> directories = new ArrayList<>(List.of((path != null) ? path.split(File.pathSeparator) : new String[0]));
		// Debian installs servers in sbin directories, which a non-root PATH may lack.
		directories.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"));
		for (String directory : directories) {
			File candidate = new File(directory, binary);
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

}
