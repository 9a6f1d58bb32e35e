package io.polycache.file;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.StatsCounter;

/**
 * One process of {@link TwoProcessTests}: puts, reads and removes random keys of one
 * directory for a while, checking that every value it reads is whole and belongs to the
 * key it asked for. Prints {@code done <operations> <hits> <torn>}; exits 1 if any read
 * was torn or wrong.
 * <p>Arguments: directory, max entries, milliseconds to run, seed, number of keys.
 */
public final class FileStoreWorker {

	private FileStoreWorker() {
	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(args[0]);
		long maxEntries = Long.parseLong(args[1]);
		long runMillis = Long.parseLong(args[2]);
		long seed = Long.parseLong(args[3]);
		int keys = Integer.parseInt(args[4]);
		CacheSettings settings = CacheSettings.builder("shared").maxEntries(maxEntries).eviction(EvictionPolicy.LRU).build();
		SplittableRandom random = new SplittableRandom(seed);
		FileStore store = new FileStore(root, settings, Clock.systemUTC(), new StatsCounter(), random.split(),
				Runnable::run, Duration.ZERO);
		long operations = 0;
		long hits = 0;
		long torn = 0;
		long deadline = System.nanoTime() + Duration.ofMillis(runMillis).toNanos();
		while (System.nanoTime() < deadline) {
			int key = random.nextInt(keys);
			int operation = random.nextInt(10);
			if (operation < 5) {
				store.put("key" + key, value(key, random.nextLong(), 512 + random.nextInt(48 * 1024)), Duration.ZERO);
			}
			else if (operation < 9) {
				byte[] value = (byte[]) store.get("key" + key);
				if (value != null) {
					hits++;
					if (!isWhole(value, key)) {
						torn++;
					}
				}
			}
			else {
				store.remove("key" + key);
			}
			if (++operations % 500 == 0) {
				store.removeExpired();
			}
		}
		store.close();
		System.out.println("done " + operations + " " + hits + " " + torn);
		System.exit((torn == 0) ? 0 : 1);
	}

	/** A value that says how long it is, which key it is for, and fills itself from a tag. */
	static byte[] value(int key, long tag, int length) {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		buffer.putInt(length).putInt(key).putLong(tag);
		SplittableRandom fill = new SplittableRandom(tag);
		while (buffer.hasRemaining()) {
			buffer.put((byte) fill.nextInt());
		}
		return buffer.array();
	}

	static boolean isWhole(byte[] value, int key) {
		if (value.length < 16) {
			return false;
		}
		ByteBuffer buffer = ByteBuffer.wrap(value);
		if (buffer.getInt() != value.length || buffer.getInt() != key) {
			return false;
		}
		SplittableRandom fill = new SplittableRandom(buffer.getLong());
		while (buffer.hasRemaining()) {
			if (buffer.get() != (byte) fill.nextInt()) {
				return false;
			}
		}
		return true;
	}

}
