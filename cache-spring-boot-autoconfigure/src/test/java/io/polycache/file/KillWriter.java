package io.polycache.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;

/**
 * The process {@link FileStoreKillTests} kills: opens the shared cache directory and puts,
 * overwrites, removes, increments, clears and reads on a few threads as fast as it can,
 * until it is killed. Warms up on a scratch directory first, prints {@code ready}, and
 * starts on the real one when a line arrives on its standard input, so that its start-up
 * does not count against the random moment it is killed at.
 * <p>Every value it writes says which key it is for, which writer wrote it, and that
 * writer's sequence number, and fills the rest from those three ({@link #value},
 * {@link #isValueFor}); so whoever reads an entry can tell whether it is one some writer
 * wrote for that key, whole. A value it reads that is not is reported on standard error.
 * It stops by itself when its standard input closes, as when the test JVM dies.
 * <p>Arguments: root directory, scratch directory, max entries, keys, first writer id,
 * threads, fsync ({@code true}/{@code false}).
 */
public final class KillWriter {

	static final String CACHE = "kill";

	/** Counters live under their own keys; their values are decimal text. */
	static final int COUNTERS = 4;

	private KillWriter() {
	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(args[0]);
		Path scratch = Path.of(args[1]);
		long maxEntries = Long.parseLong(args[2]);
		int keys = Integer.parseInt(args[3]);
		long firstWriter = Long.parseLong(args[4]);
		int threads = Integer.parseInt(args[5]);
		boolean fsync = Boolean.parseBoolean(args[6]);
		warmUp(scratch, maxEntries, keys, firstWriter);
		System.out.println("ready");
		System.out.flush();
		BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
		if (input.readLine() == null) {
			return;
		}
		// Whoever started this process kills it; should that process die first, its end of
		// the pipe closes, and this one stops too instead of writing forever.
		Thread watchdog = new Thread(() -> {
			try {
				while (input.readLine() != null) {
					// Nothing else is sent.
				}
			}
			catch (IOException ex) {
				// The same: the parent is gone.
			}
			Runtime.getRuntime().halt(3);
		}, "watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		FileStore store = open(root, maxEntries, fsync, firstWriter);
		List<Thread> writers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			long writer = firstWriter + t;
			Thread thread = new Thread(() -> write(store, keys, writer, Long.MAX_VALUE), "writer-" + writer);
			thread.start();
			writers.add(thread);
		}
		for (Thread thread : writers) {
			thread.join();
		}
	}

	/** Runs the same work on a scratch directory, so the classes are loaded and compiled. */
	private static void warmUp(Path scratch, long maxEntries, int keys, long writer) throws Exception {
		Path directory = Files.createDirectories(scratch.resolve("warm-" + ProcessHandle.current().pid()));
		// The index is built on this thread here, so no scan is still at work in the
		// directory when it is deleted.
		FileStore store = new FileStore(directory, CacheSettings.builder(CACHE).maxEntries(maxEntries).build(),
				Clock.systemUTC(), new StatsCounter(), new SplittableRandom(writer), Runnable::run, Duration.ZERO);
		write(store, keys, writer, 30);
		store.close();
		try (Stream<Path> tree = Files.walk(directory)) {
			for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static FileStore open(Path root, long maxEntries, boolean fsync, long seed) throws Exception {
		CacheSettings settings = CacheSettings.builder(CACHE).maxEntries(maxEntries).eviction(EvictionPolicy.LRU).build();
		// The index is built on this thread, so a kill can also land in the start-up scan.
		return new FileStore(root, settings, ControlFile.DEFAULT_TIMEOUT, DiskSync.of(fsync), Clock.systemUTC(), new StatsCounter(),
				new SplittableRandom(seed), (task) -> new Thread(task, "index").start(), Duration.ZERO);
	}

	private static void write(FileStore store, int keys, long writer, long operations) {
		SplittableRandom random = new SplittableRandom(writer);
		for (long sequence = 0; sequence < operations; sequence++) {
			int key = random.nextInt(keys);
			int operation = random.nextInt(100);
			try {
				if (operation < 50) {
					Duration ttl = (random.nextInt(4) == 0) ? Duration.ofMillis(1 + random.nextInt(100)) : Duration.ZERO;
					store.put(key(key), value(key, writer, sequence), ttl);
				}
				else if (operation < 58) {
					store.putIfAbsent(key(key), value(key, writer, sequence), Duration.ZERO);
				}
				else if (operation < 73) {
					store.remove(key(key));
				}
				else if (operation < 80) {
					store.increment(counter(key % COUNTERS), 1, Duration.ZERO);
				}
				else if (operation < 81 && random.nextInt(10) == 0) {
					store.clear();
				}
				else if (operation < 83) {
					store.removeExpired();
				}
				else {
					byte[] read = (byte[]) store.get(key(key));
					if (read != null && !isValueFor(read, key)) {
						System.err.println("TORN read of key " + key + " by writer " + writer);
					}
				}
			}
			catch (RuntimeException ex) {
				System.err.println("FAILED " + ex);
				ex.printStackTrace();
			}
		}
	}

	static String key(int key) {
		return CACHE + ":v1:key-" + key;
	}

	static String counter(int counter) {
		return CACHE + ":v1:counter-" + counter;
	}

	/**
	 * Writer {@code writer}'s value number {@code sequence} for {@code key}: its length,
	 * key, writer and sequence, then bytes drawn from them; from 16 bytes to 40 KB, so
	 * that some values span many disk blocks.
	 */
	static byte[] value(int key, long writer, long sequence) {
		SplittableRandom fill = new SplittableRandom(seed(key, writer, sequence));
		int length = 24 + ((fill.nextInt(4) == 0) ? fill.nextInt(40 * 1024) : fill.nextInt(512));
		ByteBuffer buffer = ByteBuffer.allocate(length);
		buffer.putInt(length).putInt(key).putLong(writer).putLong(sequence);
		while (buffer.hasRemaining()) {
			buffer.put((byte) fill.nextInt());
		}
		return buffer.array();
	}

	/** Whether the bytes are exactly a value some writer wrote for {@code key}. */
	static boolean isValueFor(byte[] value, int key) {
		if (value.length < 24) {
			return false;
		}
		ByteBuffer buffer = ByteBuffer.wrap(value);
		if (buffer.getInt() != value.length || buffer.getInt() != key) {
			return false;
		}
		long writer = buffer.getLong();
		long sequence = buffer.getLong();
		return writer >= 0 && sequence >= 0 && Arrays.equals(value, value(key, writer, sequence));
	}

	private static long seed(int key, long writer, long sequence) {
		return (key * 0x9E3779B97F4A7C15L) ^ (writer * 0xC2B2AE3D27D4EB4FL) ^ sequence;
	}

	/** The key number of a store key of {@link #key}, or {@code null} for another key. */
	static @Nullable Integer keyNumber(String storeKey) {
		String prefix = CACHE + ":v1:key-";
		return storeKey.startsWith(prefix) ? Integer.valueOf(storeKey.substring(prefix.length())) : null;
	}

}
