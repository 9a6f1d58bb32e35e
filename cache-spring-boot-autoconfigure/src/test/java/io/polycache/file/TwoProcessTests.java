package io.polycache.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVMs, real processes, writing and reading one directory at once. Each checks every
 * value it reads for being whole and its own key's; this JVM meanwhile takes the
 * directory's lock again and again and checks that the shared count is exact and the
 * entries stay within the bound plus the documented slack.
 */
class TwoProcessTests {

	private static final int MAX_ENTRIES = 60;

	private static final long SLACK = 10;

	@TempDir
	Path root;

	@Test
	void twoProcessesShareOneDirectoryWithoutTornReadsAndWithinTheBound() throws Exception {
		List<Process> workers = new ArrayList<>();
		for (int seed = 1; seed <= 2; seed++) {
			workers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
					System.getProperty("java.class.path"), FileStoreWorker.class.getName(), this.root.toString(),
					Integer.toString(MAX_ENTRIES), "3000", Integer.toString(seed), "200")
				.redirectErrorStream(true)
				.start());
		}
		Path directory = this.root.resolve("shared");
		int samples = 0;
		long largest = 0;
		try (ControlFile control = new ControlFile(directory.resolve(FileLayout.CONTROL_FILE))) {
			while (workers.stream().anyMatch(Process::isAlive)) {
				if (Files.exists(directory.resolve(FileLayout.CONTROL_FILE))) {
					control.lock();
					try {
						int files = DirectoryScan.entryFiles(directory).size();
						assertThat(control.count()).as("shared count").isEqualTo(files);
						assertThat((long) files).isLessThanOrEqualTo(MAX_ENTRIES + SLACK);
						largest = Math.max(largest, files);
						samples++;
					}
					finally {
						control.unlock(false);
					}
				}
				Thread.sleep(20);
			}
		}
		for (Process worker : workers) {
			assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
			String output = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(worker.exitValue()).as(output).isZero();
			assertThat(output).as(output).containsPattern("done [1-9][0-9]* [1-9][0-9]* 0");
		}
		assertThat(samples).isPositive();
		assertThat(largest).isGreaterThanOrEqualTo(MAX_ENTRIES - SLACK);
		assertThat((long) DirectoryScan.entryFiles(directory).size()).isLessThanOrEqualTo(MAX_ENTRIES + SLACK);
	}

}
