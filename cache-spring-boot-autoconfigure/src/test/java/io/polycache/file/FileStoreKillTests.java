package io.polycache.file;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.file.EntryFile.Found;
import io.polycache.file.EntryFile.Header;
import io.polycache.file.EntryFile.Read;
import io.polycache.internal.StatsCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer process ({@link KillWriter}: puts, overwrites, removes, evictions, counters,
 * clears, on two threads) is killed with SIGKILL after a random 0-150 ms of writing, again
 * and again on one directory; every other cycle it forces its writes to the disk. After
 * each kill this JVM checks what the crash left: every entry file is whole and holds a
 * value some writer wrote for its key, the entries are within the bound plus the
 * documented slack, and the temporary files the dead writers left are reclaimed once
 * stale, so they never pile up. Then it opens the directory as a store and reads every
 * key back through it.
 * <p>{@code -Dpolycache.kill.cycles=N} runs N cycles instead of 50 (the soak, see
 * docs/file-system.md). The next writer JVM is started while the current one writes, so
 * its start-up is no part of the cycle.
 */
class FileStoreKillTests {

	private static final int MAX_ENTRIES = 32;

	private static final int KEYS = 96;

	private static final int THREADS = 2;

	/** What docs/file-system.md promises: max(10, max-entries / 100). */
	private static final long SLACK = 10;

	@TempDir
	Path root;

	@Test
	void killedWritersLeaveOnlyWholeEntriesWithinTheBoundAndNoPileOfTemporaryFiles() throws Exception {
		int cycles = Integer.getInteger("polycache.kill.cycles", 50);
		Path directory = this.root.resolve(KillWriter.CACHE);
		Path errors = this.root.resolve("writer-errors.log");
		long seed = Long.getLong("polycache.kill.seed", System.nanoTime());
		System.out.println("kill cycles: " + cycles + ", seed (-Dpolycache.kill.seed): " + seed);
		SplittableRandom random = new SplittableRandom(seed);
		Stats stats = new Stats();
		long started = System.nanoTime();
		Writer next = Writer.start(this.root, errors, 0);
		try {
			for (int cycle = 0; cycle < cycles; cycle++) {
				Writer current = next;
				current.go();
				next = Writer.start(this.root, errors, (cycle + 1L) * THREADS);
				Thread.sleep(random.nextInt(151));
				current.kill();
				checkAfterCrash(directory, stats, cycle);
				if (cycles > 50 && (cycle + 1) % 100 == 0) {
					System.out.println("kill cycles " + (cycle + 1) + ": " + stats + "; writer error bytes "
							+ (Files.exists(errors) ? Files.size(errors) : 0) + "; "
							+ Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
				}
			}
		}
		finally {
			next.destroy();
		}
		System.out.println("kill cycles " + cycles + " done: " + stats);
		assertThat(Files.exists(errors) ? Files.readString(errors) : "").as("writer errors").isEmpty();
		assertThat(stats.entriesChecked).as("entries checked").isPositive();
		assertThat(stats.largest).as("the writers filled the directory").isGreaterThanOrEqualTo(MAX_ENTRIES - 1);
		assertThat(stats.tempsReclaimed).as("stale temporary files were left and reclaimed").isPositive();
	}

	/**
	 * Opening a store writes and deletes a probe file; a process killed in between leaves
	 * it, and the kill test found that nothing reclaimed it. Now a stale one goes at the
	 * next scan, and a fresh one, which may be another process's start-up at work, stays.
	 */
	@Test
	void aProbeLeftByAKilledStartUpIsReclaimedOnceStale() throws IOException {
		Path directory = Files.createDirectories(this.root.resolve(KillWriter.CACHE));
		Path stale = Files.createFile(directory.resolve(FileLayout.PROBE_PREFIX + "1" + FileLayout.TEMP_SUFFIX));
		Files.setLastModifiedTime(stale,
				FileTime.from(Instant.now().minus(DirectoryScan.STALE_TEMP_AGE).minusSeconds(1)));
		Path fresh = Files.createFile(directory.resolve(FileLayout.PROBE_PREFIX + "2" + FileLayout.TEMP_SUFFIX));
		Path other = Files.createFile(directory.resolve("notes.tmp"));
		Files.setLastModifiedTime(other, Files.getLastModifiedTime(stale));
		new FileStore(this.root, CacheSettings.defaults(KillWriter.CACHE), Clock.systemUTC(), new StatsCounter(),
				new SplittableRandom(1), Runnable::run, Duration.ZERO).close();
		assertThat(stale).doesNotExist();
		assertThat(fresh).exists();
		assertThat(other).as("not the store's").exists();
	}

	/** What this JVM finds after one kill, and after opening the directory as a store. */
	private void checkAfterCrash(Path directory, Stats stats, int cycle) throws IOException {
		List<Path> entries = DirectoryScan.entryFiles(directory);
		assertThat((long) entries.size()).as("entries after kill %d", cycle).isLessThanOrEqualTo(MAX_ENTRIES + SLACK);
		stats.largest = Math.max(stats.largest, entries.size());
		for (Path file : entries) {
			assertWholeValue(file, cycle);
			stats.entriesChecked++;
		}
		// The index is built on this thread: the start-up scan has removed the temporary
		// files older than a minute and recounted the entries when the constructor returns.
		FileStore store = new FileStore(this.root, CacheSettings.builder(KillWriter.CACHE)
			.maxEntries(MAX_ENTRIES)
			.eviction(EvictionPolicy.LRU)
			.build(), Clock.systemUTC(), new StatsCounter(), new SplittableRandom(cycle), Runnable::run, Duration.ZERO);
		try {
			for (int key = 0; key < KEYS; key++) {
				byte[] value = (byte[]) store.get(KillWriter.key(key));
				if (value != null) {
					assertThat(KillWriter.isValueFor(value, key)).as("value of key %d after kill %d", key, cycle).isTrue();
				}
			}
			for (int counter = 0; counter < KillWriter.COUNTERS; counter++) {
				byte[] value = (byte[]) store.get(KillWriter.counter(counter));
				if (value != null) {
					assertThat(new String(value, StandardCharsets.US_ASCII)).matches("[1-9][0-9]*");
				}
			}
			assertThat(store.size().getAsLong()).as("count after kill %d", cycle)
				.isEqualTo(DirectoryScan.entryFiles(directory).size());
		}
		finally {
			store.close();
		}
		FileTime stale = FileTime.from(Instant.now().minus(DirectoryScan.STALE_TEMP_AGE));
		List<Path> temps = strayFiles(directory);
		assertThat(temps).as("temporary files after kill %d", cycle).hasSizeLessThanOrEqualTo(THREADS);
		for (Path temp : temps) {
			assertThat(Files.getLastModifiedTime(temp)).as("%s after kill %d", temp, cycle).isGreaterThan(stale);
		}
		stats.tempsReclaimed += stats.tempsAged;
		// Make what this crash left older than a minute: the next writer's scan, or this
		// JVM's next one, must reclaim it, so none survives into the next cycle.
		FileTime old = FileTime.from(Instant.now().minus(DirectoryScan.STALE_TEMP_AGE).minusSeconds(10));
		for (Path temp : temps) {
			Files.setLastModifiedTime(temp, old);
		}
		stats.tempsAged = temps.size();
	}

	/** An entry file left by a killed writer: whole, and a value some writer wrote for its key. */
	private static void assertWholeValue(Path file, int cycle) throws IOException {
		byte[] key;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			Header header = EntryFile.readHeader(channel);
			assertThat(header).as("header of %s after kill %d", file, cycle).isNotNull();
			key = EntryFile.readKey(channel, header);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			return;
		}
		assertThat(key).as("key of %s", file).isNotNull();
		Read read;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			read = EntryFile.read(channel, key);
		}
		assertThat(read).as("%s after kill %d", file, cycle).isInstanceOf(Found.class);
		byte[] value = ((Found) read).entry().value();
		String storeKey = storeKey(key);
		Integer number = KillWriter.keyNumber(storeKey);
		if (number != null) {
			assertThat(KillWriter.isValueFor(value, number)).as("value of %s after kill %d", storeKey, cycle).isTrue();
		}
		else {
			assertThat(storeKey).startsWith(KillWriter.CACHE + ":v1:counter-");
			assertThat(new String(value, StandardCharsets.US_ASCII)).as("counter %s", storeKey).matches("[1-9][0-9]*");
		}
	}

	private static String storeKey(byte[] key) {
		char[] units = new char[key.length / 2];
		for (int i = 0; i < units.length; i++) {
			units[i] = (char) (((key[2 * i] & 0xff) << 8) | (key[2 * i + 1] & 0xff));
		}
		return new String(units);
	}

	/** Everything in the cache directory that is neither an entry, a fan-out directory nor the control file. */
	private static List<Path> strayFiles(Path directory) throws IOException {
		try (Stream<Path> tree = Files.walk(directory)) {
			return tree.filter((path) -> !path.equals(directory) && !FileLayout.isEntryFile(path)
					&& !(FileLayout.isFanOut(path) && Files.isDirectory(path))
					&& !path.getFileName().toString().equals(FileLayout.CONTROL_FILE))
				.collect(Collectors.toList());
		}
	}

	private static final class Stats {

		long entriesChecked;

		int largest;

		long tempsAged;

		long tempsReclaimed;

		@Override
		public String toString() {
			return this.entriesChecked + " entries checked, none torn; largest " + this.largest + " entries; "
					+ this.tempsReclaimed + " stale temporary files reclaimed";
		}

	}

	/** One writer JVM, started and warmed up, waiting for the word to begin. */
	private static final class Writer {

		private final Process process;

		/** What the writers printed on standard error, read when a check fails. */
		private final Object errors;

		private Writer(Process process, Path errors) {
			this.process = process;
			this.errors = new Object() {

				@Override
				public String toString() {
					try {
						return Files.exists(errors) ? Files.readString(errors) : "none";
					}
					catch (IOException ex) {
						return ex.toString();
					}
				}

			};
		}

		static Writer start(Path root, Path errors, long firstWriter) throws IOException {
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xshare:auto", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-Xss512k",
					"-XX:CICompilerCount=1", "-cp", writerClassPath(), KillWriter.class.getName(),
					root.toString(), root.resolve("scratch").toString(), Integer.toString(MAX_ENTRIES),
					Integer.toString(KEYS), Long.toString(firstWriter), Integer.toString(THREADS),
					Boolean.toString(firstWriter % (2 * THREADS) != 0)));
			return new Writer(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()))
				.start(), errors);
		}

		/** The test classpath cut to what the writer loads, so that it starts fast. */
		private static String writerClassPath() {
			return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
				.filter((entry) -> entry.endsWith("classes") || entry.contains("spring-core")
						|| entry.contains("commons-logging") || entry.contains("jspecify"))
				.collect(Collectors.joining(File.pathSeparator));
		}

		/** Waits until the writer is warmed up, then lets it start writing. */
		void go() throws IOException {
			BufferedReader output = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.US_ASCII));
			String line = output.readLine();
			assertThat(line).as("writer start-up; its errors: %s", this.errors).isEqualTo("ready");
			OutputStream input = this.process.getOutputStream();
			input.write('\n');
			input.flush();
		}

		/** SIGKILL: no shutdown hook, no finally block, no buffered write completes. */
		void kill() throws InterruptedException {
			destroy();
			assertThat(this.process.exitValue()).as("killed by SIGKILL; its errors: %s", this.errors).isEqualTo(128 + 9);
		}

		void destroy() throws InterruptedException {
			this.process.destroyForcibly();
			assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}

	}

}
