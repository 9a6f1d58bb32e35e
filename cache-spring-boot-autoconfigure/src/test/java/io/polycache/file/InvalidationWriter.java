package io.polycache.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StatsCounter;

/**
 * The other process of {@link ControlFilePollerTests}: opens the cache, then puts one
 * key again and again, a random 25 to 50 ms apart (longer than a poll interval, so each
 * write is heard on its own), printing {@code put <start> <end>} with
 * {@link System#nanoTime()} around each put (the monotonic clock every process of the
 * machine shares), then {@code done}.
 * <p>Arguments: the root directory, the cache name, the number of puts, a seed.
 */
public final class InvalidationWriter {

	private InvalidationWriter() {
	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(args[0]);
		int puts = Integer.parseInt(args[2]);
		SplittableRandom random = new SplittableRandom(Long.parseLong(args[3]));
		try (FileStore store = new FileStore(root, CacheSettings.defaults(args[1]), Clock.systemUTC(),
				new StatsCounter(), random.split(), Runnable::run, Duration.ZERO)) {
			for (int i = 0; i < puts; i++) {
				TimeUnit.MICROSECONDS.sleep(random.nextLong(25_000, 50_000));
				byte[] value = ("value " + i).getBytes(StandardCharsets.UTF_8);
				long start = System.nanoTime();
				store.put("key", value, Duration.ZERO);
				long end = System.nanoTime();
				System.out.println("put " + start + " " + end);
			}
		}
		System.out.println("done");
	}

}
