package io.polycache.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Real redis servers for tests, on free ports of 127.0.0.1: one standalone server, or a
 * cluster of masters built with {@code redis-cli --cluster create}. Nothing is persisted.
 */
public final class RedisServers {

	private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(30);

	private RedisServers() {
	}

	/** A standalone redis-server, without persistence. */
	public static LoopbackServer standalone() {
		return LoopbackServer.start("redis-server", "redis-server", RedisServers::standaloneArguments);
	}

	/** A started connection factory for a standalone server, with this command timeout. */
	public static LettuceConnectionFactory connectionFactory(LoopbackServer server, Duration timeout) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(LoopbackServer.HOST, server.port()),
				LettuceClientConfiguration.builder().commandTimeout(timeout).build());
		factory.afterPropertiesSet();
		return factory;
	}

	/**
	 * A cluster of {@code masters} masters and no replicas, its slots assigned and its
	 * state {@code ok}.
	 */
	public static Cluster cluster(int masters) {
		Path directory;
		try {
			directory = Files.createTempDirectory("polycache-redis-cluster-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<LoopbackServer> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < masters; i++) {
				nodes.add(LoopbackServer.start("redis-server", "redis-server", port -> {
					List<String> arguments = new ArrayList<>(standaloneArguments(port));
					arguments.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file",
							directory.resolve("nodes-" + port + ".conf").toString(), "--cluster-node-timeout", "5000"));
					return arguments;
				}));
			}
			Cluster cluster = new Cluster(nodes, directory);
			cluster.create();
			return cluster;
		}
		catch (RuntimeException | Error ex) {
			nodes.forEach(LoopbackServer::close);
			throw ex;
		}
	}

	private static List<String> standaloneArguments(int port) {
		return List.of("--port", String.valueOf(port), "--bind", LoopbackServer.HOST, "--save", "", "--appendonly",
				"no");
	}

	/** Runs {@code redis-cli} with these arguments and returns its output. */
	public static String cli(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add("redis-cli");
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			if (!process.waitFor(CLUSTER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within " + CLUSTER_TIMEOUT);
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command + " exited with " + process.exitValue() + ": " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command + "; install it with: sudo apt-get install "
					+ "redis-tools (redis-server brings it)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

	/** Runs {@code redis-cli} against this server with this command and returns its output. */
	public static String cli(LoopbackServer server, String... command) {
		String[] arguments = new String[command.length + 4];
		arguments[0] = "-h";
		arguments[1] = LoopbackServer.HOST;
		arguments[2] = "-p";
		arguments[3] = String.valueOf(server.port());
		System.arraycopy(command, 0, arguments, 4, command.length);
		return cli(arguments);
	}

	/** The ids ({@code id=…}) of the pub/sub clients connected to this server now. */
	public static Set<String> pubSubClients(LoopbackServer server) {
		return cli(server, "client", "list", "type", "pubsub").lines()
			.filter((line) -> line.startsWith("id="))
			.map((line) -> line.substring(0, line.indexOf(' ')))
			.collect(Collectors.toSet());
	}

	/** A running cluster; {@link #close()} stops every node. */
	public static final class Cluster implements AutoCloseable {

		private final List<LoopbackServer> nodes;

		private final Path directory;

		private Cluster(List<LoopbackServer> nodes, Path directory) {
			this.nodes = nodes;
			this.directory = directory;
		}

		private void create() {
			List<String> arguments = new ArrayList<>(List.of("--cluster", "create"));
			this.nodes.forEach(node -> arguments.add(node.address()));
			arguments.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			cli(arguments.toArray(String[]::new));
			long deadline = System.nanoTime() + CLUSTER_TIMEOUT.toNanos();
			while (!this.nodes.stream().allMatch(this::isOk)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Cluster did not reach state ok within " + CLUSTER_TIMEOUT);
				}
				sleep(50);
			}
		}

		private boolean isOk(LoopbackServer node) {
			return cli(node, "cluster", "info").contains("cluster_state:ok");
		}

		public List<LoopbackServer> nodes() {
			return this.nodes;
		}

		/** A started connection factory for this cluster, with this command timeout. */
		public LettuceConnectionFactory connectionFactory(Duration timeout) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisClusterConfiguration(this.nodes.stream().map(LoopbackServer::address).toList()),
					LettuceClientConfiguration.builder().commandTimeout(timeout).build());
			factory.afterPropertiesSet();
			return factory;
		}

		@Override
		public void close() {
			this.nodes.forEach(LoopbackServer::close);
			try (var files = Files.list(this.directory)) {
				for (Path file : files.toList()) {
					Files.deleteIfExists(file);
				}
				Files.deleteIfExists(this.directory);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the cluster", ex);
			}
		}

	}

}
