package io.polycache.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.polycache.spi.ValueCodec;
import io.polycache.testfixtures.HostilePayloads;

/**
 * Prints how long decoding each hostile payload takes, for the figures in
 * docs/security.md; not part of the suite. Run with
 * {@code ./mvnw -B -o -q -pl cache-spring-boot-autoconfigure test -Dtest=HostilePayloadTimings -Dpolycache.timings=true}
 * (add {@code -Dpolycache.timings.only=JSON} for the payloads whose names start so).
 */
@EnabledIfSystemProperty(named = "polycache.timings", matches = "true")
class HostilePayloadTimings {

	@Test
	void printDecodeTimes() {
		ClassAllowList allowList = ClassAllowList.of(List.of());
		ValueCodec<byte[]> jdk = ValueCodec.serializing(new JdkValueSerializer(allowList));
		ValueCodec<byte[]> json = ValueCodec.serializing(new JsonValueSerializer(allowList));
		double last = 0;
		for (int levels : new int[] { 18, 20, 22, 24, 30 }) {
			byte[] bytes = HostilePayloads.nestedSets(levels);
			if (last > 5_000) {
				print("nested HashSet graph, " + levels + " levels", bytes, Double.NaN, "skipped: doubles per level");
				continue;
			}
			last = time(jdk, "nested HashSet graph, " + levels + " levels", bytes);
		}
		HostilePayloads.jdk().forEach((name, bytes) -> {
			if (!name.startsWith("nested HashSet")) {
				time(jdk, name, bytes);
			}
		});
		time(jdk, "HashSets sharing one heavy set", HostilePayloads.setsSharingHeavySet(18, 1_000));
		HostilePayloads.json().forEach((name, bytes) -> time(json, name, bytes));
	}

	private static double time(ValueCodec<byte[]> codec, String name, byte[] bytes) {
		if (!name.startsWith(System.getProperty("polycache.timings.only", ""))) {
			return 0;
		}
		long started = System.nanoTime();
		String outcome;
		try {
			Object value = codec.decode(bytes);
			outcome = "decoded a " + value.getClass().getName();
		}
		catch (Throwable ex) {
			outcome = ex.getClass().getSimpleName() + ((ex.getCause() != null) ? " (" + ex.getCause().getClass().getSimpleName() + ")" : "");
		}
		double millis = (System.nanoTime() - started) / 1e6;
		print(name, bytes, millis, outcome);
		return millis;
	}

	private static void print(String name, byte[] bytes, double millis, String outcome) {
		String line = String.format("%-38s %9d bytes %10.1f ms  %s%n", name, bytes.length, millis, outcome);
		System.err.print(line);
		try {
			Files.writeString(Path.of(System.getProperty("polycache.timings.file", "target/payload-timings.txt")), line,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
