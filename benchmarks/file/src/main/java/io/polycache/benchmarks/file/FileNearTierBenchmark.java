package io.polycache.benchmarks.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.core.NearSettings;
import io.polycache.file.FileSystemProperties;
import io.polycache.file.FileSystemProvider;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.CacheAssembler;
import io.polycache.internal.ClassAllowList;
import io.polycache.internal.ExpirySweeper;
import io.polycache.internal.JdkValueSerializer;
import io.polycache.local.LocalStores;
import io.polycache.spi.ValueCodec;

/**
 * How long the other instance of a file-system cache with a near tier serves the old
 * value: two instances of one cache (each with a store of its own, as two processes
 * have, on one directory under {@code -Dbench.dir}), both holding the key in their near
 * tiers; one puts a new value, the other reads until it gets it. A sample is the put plus
 * the wait, so its percentiles are the lag a reader sees after a write began. Between two
 * samples, a random pause of up to one poll interval (not timed) keeps the writes from
 * falling in step with the poller. Run with {@code benchmarks/run file-near}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = "-Xmx512m")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 4)
public class FileNearTierBenchmark {

	private final SplittableRandom random = new SplittableRandom(7);

	private Path directory;

	private AssembledCache writer;

	private AssembledCache reader;

	private int round;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.directory = FileStoreBenchmark.newDirectory("near-bench-");
		this.writer = instance(this.directory);
		this.reader = instance(this.directory);
		this.writer.put("k", 0);
		this.reader.get("k");
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.writer.close();
		this.reader.close();
		FileStoreBenchmark.deleteTree(this.directory);
	}

	/** Untimed: the reader holds the last value in its near tier; then a pause. */
	@Setup(Level.Invocation)
	public void pause() {
		this.reader.get("k");
		LockSupport.parkNanos(this.random.nextLong(TimeUnit.MILLISECONDS.toNanos(20)));
	}

	@Benchmark
	public int putUntilTheOtherInstanceServesIt() {
		Integer value = ++this.round;
		this.writer.put("k", value);
		while (!value.equals(this.reader.get("k", Integer.class))) {
			LockSupport.parkNanos(20_000);
		}
		return value;
	}

	/** One instance of the cache, as an application assembles it, with the file system under {@code directory}. */
	static AssembledCache instance(Path directory) {
		CacheSettings settings = CacheSettings.builder("bench")
			.near(new NearSettings(1000, Duration.ZERO, EvictionPolicy.LRU))
			.build();
		CacheAssembler assembler = new CacheAssembler(Clock.systemUTC(), new ExpirySweeper(Duration.ofSeconds(1)),
				(ignored) -> ValueCodec.serializing(new JdkValueSerializer(ClassAllowList.of(List.of()))),
				new CacheAssembler.PropertyBinder() {

					@Override
					public <T> T bind(String cacheName, String group, Class<T> type) {
						FileSystemProperties properties = new FileSystemProperties();
						properties.setDirectory(directory);
						return type.cast(properties);
					}

				}, null, () -> Runnable::run, LocalStores::create);
		return assembler.assemble(settings, new FileSystemProvider());
	}

}
