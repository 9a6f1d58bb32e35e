package io.polycache.benchmarks.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.polycache.benchmarks.support.BenchmarkCaches;
import io.polycache.benchmarks.support.LoopbackServer;
import io.polycache.core.CacheSettings;
import io.polycache.core.SingleFlightScope;
import io.polycache.file.FileSystemProperties;
import io.polycache.file.FileSystemProvider;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.ClassAllowList;
import io.polycache.internal.ExpirySweeper;
import io.polycache.internal.JdkValueSerializer;
import io.polycache.memcached.MemcachedClients;
import io.polycache.memcached.MemcachedProperties;
import io.polycache.memcached.MemcachedProvider;
import io.polycache.redis.RedisProvider;

/**
 * One store that several instances of an application share: a redis-server or a
 * memcached on a free loopback port, or a directory. Each {@link #instance} is one
 * application instance's cache, built as the auto-configuration builds it
 * ({@link BenchmarkCaches}), with a client of its own: a redis connection factory, or a
 * memcached client, of its own; on the file system, a store of its own on the same
 * directory. Every cache is {@code products}, {@code String} keys, TTL ten minutes, JDK
 * serialization. Not thread-safe: one thread makes instances and closes the store.
 */
abstract class SharedStore implements AutoCloseable {

	static final Duration TTL = Duration.ofMinutes(10);

	/**
	 * The redis client's command timeout: long enough never to pass on a busy machine,
	 * where a timed-out call would make the cache fail open (a miss, a load) for a second.
	 */
	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(30);

	private final List<AutoCloseable> resources = new ArrayList<>();

	/** The backends by name: {@code redis}, {@code memcached}, {@code file}. */
	static SharedStore start(String backend) throws Exception {
		return switch (backend) {
			case "redis" -> new Redis(LoopbackServer.redis());
			case "memcached" -> new Memcached(LoopbackServer.memcached());
			case "file" -> new FileSystem(Files.createTempDirectory("polycache-cluster-bench"));
			default -> throw new IllegalArgumentException("No backend '" + backend + "': redis, memcached or file");
		};
	}

	/** A new instance's cache with this single-flight scope. */
	final AssembledCache instance(SingleFlightScope singleFlight) {
		CacheSettings settings = CacheSettings.builder("products").ttl(TTL).singleFlight(singleFlight).build();
		ExpirySweeper sweeper = new ExpirySweeper(Duration.ofSeconds(1));
		AssembledCache cache = closeLater(open(settings, sweeper));
		// Closed first, as an application context closes it, so nothing sweeps a closed cache.
		closeLater(sweeper);
		// Connected and ready before anything is measured.
		cache.put("warm-up", "ready");
		if (!"ready".equals(cache.get("warm-up", String.class))) {
			throw new IllegalStateException("The new instance does not read what it wrote");
		}
		return cache;
	}

	abstract AssembledCache open(CacheSettings settings, ExpirySweeper sweeper);

	/** The server's command counts, or {@code null} for the file system. */
	abstract @Nullable ServerCommands commands();

	final <T extends AutoCloseable> T closeLater(T resource) {
		this.resources.add(resource);
		return resource;
	}

	static JdkValueSerializer serializer() {
		return new JdkValueSerializer(ClassAllowList.of(List.of()));
	}

	/** Closes every instance, then what they shared, newest first. */
	@Override
	public void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	/** A store on a server process, which counts the commands it runs. */
	private abstract static class OnServer extends SharedStore {

		final LoopbackServer server;

		private final ServerCommands commands;

		OnServer(LoopbackServer server, Function<LoopbackServer, ServerCommands> commands) {
			this.server = closeLater(server);
			this.commands = commands.apply(server);
		}

		@Override
		final ServerCommands commands() {
			return this.commands;
		}

	}

	private static final class Redis extends OnServer {

		Redis(LoopbackServer server) {
			super(server, ServerCommands::redis);
		}

		@Override
		AssembledCache open(CacheSettings settings, ExpirySweeper sweeper) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration(LoopbackServer.HOST, this.server.port()),
					LettuceClientConfiguration.builder().commandTimeout(REDIS_TIMEOUT).build());
			factory.afterPropertiesSet();
			closeLater(factory::destroy);
			RedisProvider provider = new RedisProvider(new StaticListableBeanFactory(Map.of("redis", factory))
				.getBeanProvider(RedisConnectionFactory.class));
			return BenchmarkCaches.assemble(settings, provider, serializer(), null, sweeper);
		}

	}

	private static final class Memcached extends OnServer {

		Memcached(LoopbackServer server) {
			super(server, ServerCommands::memcached);
		}

		@Override
		AssembledCache open(CacheSettings settings, ExpirySweeper sweeper) {
			MemcachedProperties shared = new MemcachedProperties();
			shared.setServers(List.of(this.server.address()));
			MemcachedClients clients = closeLater(new MemcachedClients());
			return BenchmarkCaches.assemble(settings, new MemcachedProvider(clients, shared), serializer(), null,
					sweeper);
		}

	}

	private static final class FileSystem extends SharedStore {

		private final Path directory;

		FileSystem(Path directory) {
			this.directory = directory;
			closeLater(() -> delete(directory));
		}

		@Override
		AssembledCache open(CacheSettings settings, ExpirySweeper sweeper) {
			FileSystemProperties properties = new FileSystemProperties();
			properties.setDirectory(this.directory);
			return BenchmarkCaches.assemble(settings, new FileSystemProvider(), serializer(), properties, sweeper);
		}

		@Override
		@Nullable ServerCommands commands() {
			return null;
		}

		private static void delete(Path directory) throws IOException {
			try (Stream<Path> paths = Files.walk(directory)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(path);
				}
			}
		}

	}

}
