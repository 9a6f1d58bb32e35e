package io.polycache.benchmarks.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.polycache.core.CacheSettings;
import io.polycache.file.FileStores;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyMapper;
import io.polycache.spi.KeyNamespace;

/**
 * The file-system store against the raw limit of the same disk: a get against
 * {@code Files.readAllBytes} of a file holding the value, a put against writing the value
 * to a temporary file and moving it into place atomically. 256 keys in turn, values of
 * 1 KB and 100 KB, all in one directory under {@code -Dbench.dir} (default
 * {@code target}). The store's keys are those the cache gives it (its {@link KeyNamespace}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = "-Xmx512m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FileStoreBenchmark {

	static final int KEYS = 256;

	@Param({ "1024", "102400" })
	int size;

	private Path directory;

	private ByteStore store;

	private byte[] value;

	private String[] keys;

	private final Path[] rawFiles = new Path[KEYS];

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.directory = newDirectory("file-bench-");
		this.value = new byte[this.size];
		new SplittableRandom(1).nextBytes(this.value);
		CacheSettings settings = CacheSettings.defaults("bench");
		this.store = FileStores.open(this.directory.resolve("store"), settings, Clock.systemUTC(), new StatsCounter());
		this.keys = putEach(this.store, settings, this.value);
		Path raw = Files.createDirectories(this.directory.resolve("raw"));
		for (int i = 0; i < KEYS; i++) {
			this.rawFiles[i] = raw.resolve("key-" + i);
			Files.write(this.rawFiles[i], this.value);
		}
		if (this.store.get(this.keys[0]) == null) {
			throw new IllegalStateException("The store does not return what was put: get would measure misses");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.store.close();
		deleteTree(this.directory);
	}

	/**
	 * Puts {@code value} under {@value #KEYS} keys, {@code key-0} and on, as the cache with
	 * these settings keys them.
	 * @return the store keys, in order
	 */
	static String[] putEach(ByteStore store, CacheSettings settings, byte[] value) {
		KeyMapper<String> mapper = KeyNamespace.of(settings).keys();
		String[] keys = new String[KEYS];
		for (int i = 0; i < KEYS; i++) {
			keys[i] = mapper.toStoreKey("key-" + i);
			store.put(keys[i], value, Duration.ZERO);
		}
		return keys;
	}

	/** A new directory under {@code -Dbench.dir} (default {@code target}). */
	static Path newDirectory(String prefix) throws IOException {
		Path parent = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target")));
		return Files.createTempDirectory(parent.toAbsolutePath(), prefix);
	}

	/** Deletes the directory and everything in it. */
	static void deleteTree(Path directory) throws IOException {
		try (Stream<Path> tree = Files.walk(directory)) {
			for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private int nextIndex() {
		this.next = (this.next + 1) & (KEYS - 1);
		return this.next;
	}

	@Benchmark
	public Object get() {
		return this.store.get(this.keys[nextIndex()]);
	}

	@Benchmark
	public byte[] rawGet() throws IOException {
		return Files.readAllBytes(this.rawFiles[nextIndex()]);
	}

	@Benchmark
	public void put() {
		this.store.put(this.keys[nextIndex()], this.value, Duration.ZERO);
	}

	@Benchmark
	public void rawPut() throws IOException {
		Path target = this.rawFiles[nextIndex()];
		Path temp = target.resolveSibling(target.getFileName() + "." + System.nanoTime() + ".tmp");
		Files.write(temp, this.value);
		Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
	}

}
