package io.polycache.file;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three JVMs, real processes, racing for the leases of one directory: each lease is taken
 * by exactly one of them, and only its taker's release succeeds. Between processes only the
 * operating system's file lock orders the changes.
 */
class ProcessLeaseRaceTests {

	private static final int KEYS = 500;

	@TempDir
	Path root;

	private final List<Process> workers = new ArrayList<>();

	@AfterEach
	void stopWorkers() throws InterruptedException {
		for (Process worker : this.workers) {
			worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void processesRacingForLeasesNeverBothTakeOne() throws Exception {
		List<BufferedReader> outputs = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
					System.getProperty("java.class.path"), LeaseRaceWorker.class.getName(), this.root.toString(),
					"token-" + i, Integer.toString(KEYS))
				.redirectErrorStream(true)
				.start();
			this.workers.add(worker);
			BufferedReader output = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
			outputs.add(output);
		}
		for (BufferedReader output : outputs) {
			assertThat(output.readLine()).isEqualTo("ready");
		}
		tell("take");
		Map<Integer, Integer> winners = new HashMap<>();
		for (int i = 0; i < outputs.size(); i++) {
			for (String line = outputs.get(i).readLine(); !"taken".equals(line); line = outputs.get(i).readLine()) {
				assertThat(line).as("worker %d", i).startsWith("won ");
				Integer other = winners.put(Integer.parseInt(line.substring(4)), i);
				assertThat(other).as("another taker of %s", line).isNull();
			}
		}
		assertThat(winners).hasSize(KEYS);
		tell("release");
		for (int i = 0; i < outputs.size(); i++) {
			Set<Integer> released = new HashSet<>();
			for (String line = outputs.get(i).readLine(); !"done".equals(line); line = outputs.get(i).readLine()) {
				assertThat(line).as("worker %d", i).startsWith("released ");
				released.add(Integer.parseInt(line.substring(9)));
			}
			int worker = i;
			assertThat(released).as("worker %d released", i)
				.isEqualTo(winners.entrySet().stream().filter((e) -> e.getValue() == worker).map(Map.Entry::getKey)
					.collect(Collectors.toSet()));
		}
		for (Process worker : this.workers) {
			assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(worker.exitValue()).isZero();
		}
	}

	private void tell(String line) throws Exception {
		for (Process worker : this.workers) {
			OutputStream input = worker.getOutputStream();
			input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			input.flush();
		}
	}

}
