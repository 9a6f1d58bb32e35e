package io.polycache.benchmarks.local;

import java.time.Duration;
import java.util.Locale;

/**
 * The case a comparison measures: the key type, where each thread's keys come from, and
 * the TTL every cache gets (Polycache's {@code ttl}, Caffeine's {@code expireAfterWrite}).
 * The {@link #ADVERSARIAL default} is what an application sees; {@link #KIND} is the case
 * the benchmark measured before issue 15, kept for comparison.
 * @param stringKeys {@link String} keys, each thread with its own instances, rather than
 * pre-boxed {@link Long}s shared by all
 * @param streams where each thread's keys come from
 * @param ttl the time to live of every entry; {@link Duration#ZERO} for none. Longer than
 * a run, so that nothing expires while measuring: what is measured is the bookkeeping.
 * @param booted Polycache's caches from an application booted with properties only
 * ({@link BootedCaches}), rather than built directly over the store as the
 * auto-configuration would build them
 */
record Scenario(boolean stringKeys, Streams streams, Duration ttl, boolean booted) {

	/** String keys, each thread its own Zipf stream, a TTL of ten minutes. */
	static final Scenario ADVERSARIAL = new Scenario(true, Streams.OWN, Duration.ofMinutes(10), false);

	/** The adversarial case with Polycache's caches from a booted application: issue 15's outside measurement. */
	static final Scenario OUTSIDE = new Scenario(true, Streams.OWN, Duration.ofMinutes(10), true);

	/** Pre-boxed Long keys, one stream threads read at offsets far apart, no TTL. */
	static final Scenario KIND = new Scenario(false, Streams.OFFSET, Duration.ZERO, false);

	/** Where a thread's keys come from. Every stream has the same hot keys. */
	enum Streams {

		/** Each thread its own stream, from its own seed: threads meet on hot keys at random. */
		OWN,

		/** One stream, each thread starting an eighth of it after the previous one. */
		OFFSET,

		/** One stream, every thread starting at the same place: the same keys in lockstep. */
		LOCKSTEP

	}

	Scenario withKeys(String keys) {
		return new Scenario(switch (keys) {
			case "string" -> true;
			case "long" -> false;
			default -> throw new IllegalArgumentException("--keys must be string or long, not " + keys);
		}, this.streams, this.ttl, this.booted);
	}

	Scenario withStreams(String streams) {
		return new Scenario(this.stringKeys, Streams.valueOf(streams.toUpperCase(Locale.ROOT)), this.ttl, this.booted);
	}

	/** @param seconds the TTL in seconds, {@code 0} for none */
	Scenario withTtl(long seconds) {
		return new Scenario(this.stringKeys, this.streams, Duration.ofSeconds(seconds), this.booted);
	}

	/** @param facade {@code booted} or {@code direct}: see {@link #booted()} */
	Scenario withFacade(String facade) {
		return new Scenario(this.stringKeys, this.streams, this.ttl, switch (facade) {
			case "booted" -> true;
			case "direct" -> false;
			default -> throw new IllegalArgumentException("--facade must be booted or direct, not " + facade);
		});
	}

	String facade() {
		return this.booted ? "booted" : "direct";
	}

	/** The JMH parameters of {@link CacheBenchmark} that select this case. */
	String[][] params() {
		return new String[][] { { "keys", keys() }, { "streams", this.streams.name().toLowerCase(Locale.ROOT) },
				{ "ttlSeconds", String.valueOf(this.ttl.toSeconds()) }, { "facade", facade() } };
	}

	String keys() {
		return this.stringKeys ? "string" : "long";
	}

	/** As {@code benchmarks/run} takes it back: {@code --keys=... --streams=... --ttl=...}. */
	String arguments() {
		return "--keys=" + keys() + " --streams=" + this.streams.name().toLowerCase(Locale.ROOT) + " --ttl="
				+ this.ttl.toSeconds() + " --facade=" + facade();
	}

	String describe() {
		String threads = switch (this.streams) {
			case OWN -> "each thread its own Zipf stream (own seed)";
			case OFFSET -> "one Zipf stream, threads an eighth of it apart";
			case LOCKSTEP -> "one Zipf stream, all threads at the same place";
		};
		return (this.stringKeys ? "String keys (own instances per thread)" : "pre-boxed Long keys") + "; " + threads
				+ "; " + (this.ttl.isZero() ? "no TTL" : "TTL " + this.ttl.toSeconds() + " s on every entry") + "; "
				+ (this.booted ? "Polycache from an application booted with properties only"
						: "Polycache built directly (StoreCache over LocalStores)");
	}

}
