package io.polycache.benchmarks.file;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

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

/**
 * The time of one put (an overwrite of one of 256 keys) with {@code file-system.fsync}
 * off and on, for values of 1 KB and 100 KB, in a directory under {@code -Dbench.dir}
 * (default {@code target}): what waiting for the disk costs on this machine. Run with
 * {@code benchmarks/run file-fsync}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = "-Xmx512m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FileStoreFsyncBenchmark {

	@Param({ "false", "true" })
	boolean fsync;

	@Param({ "1024", "102400" })
	int size;

	private Path directory;

	private ByteStore store;

	private byte[] value;

	private String[] keys;

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.directory = FileStoreBenchmark.newDirectory("fsync-bench-");
		this.value = new byte[this.size];
		new SplittableRandom(1).nextBytes(this.value);
		CacheSettings settings = CacheSettings.defaults("bench");
		this.store = FileStores.open(this.directory, settings, FileStores.DEFAULT_LOCK_TIMEOUT, this.fsync,
				Clock.systemUTC(), new StatsCounter());
		this.keys = FileStoreBenchmark.putEach(this.store, settings, this.value);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.store.close();
		FileStoreBenchmark.deleteTree(this.directory);
	}

	@Benchmark
	public void put() {
		this.next = (this.next + 1) & (FileStoreBenchmark.KEYS - 1);
		this.store.put(this.keys[this.next], this.value, Duration.ZERO);
	}

}
