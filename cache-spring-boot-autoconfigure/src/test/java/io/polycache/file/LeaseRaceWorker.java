package io.polycache.file;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.polycache.core.CacheSettings;
import io.polycache.internal.StatsCounter;
import io.polycache.spi.ByteStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.Leases;

/**
 * One process of {@link ProcessLeaseRaceTests}: opens the cache {@code race} under the
 * directory, prints {@code ready}, and at the line {@code take} tries to take the lease of
 * every key with its token, printing {@code won <key>} for each it took and then
 * {@code taken}; at the line {@code release} it tries to release each key with its token,
 * printing {@code released <key>} for each release that succeeded, then {@code done}.
 * <p>Arguments: directory, token, number of keys.
 */
public final class LeaseRaceWorker {

	private LeaseRaceWorker() {
	}

	public static void main(String[] args) throws Exception {
		Path root = Path.of(args[0]);
		String token = args[1];
		int keys = Integer.parseInt(args[2]);
		CacheSettings settings = CacheSettings.defaults("race");
		BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try (ByteStore store = FileStores.open(root, settings, Clock.systemUTC(), new StatsCounter())) {
			Leases leases = FileStores.leases(store, KeyNamespace.of(settings));
			System.out.println("ready");
			System.out.flush();
			expect(input, "take");
			for (int i = 0; i < keys; i++) {
				if (leases.store().compareAndSet(leases.keys().toStoreKey(i), null, token, Duration.ofMinutes(5))) {
					System.out.println("won " + i);
				}
			}
			System.out.println("taken");
			System.out.flush();
			expect(input, "release");
			for (int i = 0; i < keys; i++) {
				if (leases.store().compareAndSet(leases.keys().toStoreKey(i), token, null, Duration.ofMinutes(5))) {
					System.out.println("released " + i);
				}
			}
			System.out.println("done");
			System.out.flush();
		}
	}

	private static void expect(BufferedReader input, String line) throws Exception {
		String read = input.readLine();
		if (!line.equals(read)) {
			throw new IllegalStateException("Expected '" + line + "', read '" + read + "'");
		}
	}

}
