package io.polycache.file;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GenerationWatch} against a model of the control file, over millions of seeded
 * random interleavings of its steps: a foreign change (another store: the generation
 * grows), an own change in its two steps (the write of the generation, then, still under
 * the lock, {@link GenerationWatch#ownChange}; no other change between them), a directory
 * created anew (the generation jumps to a random value), and a poll in its two steps (take
 * {@link GenerationWatch#accounted()}, then read the file and hand both over). The
 * invariant, after every poll: every foreign change made before its read has been
 * followed by an {@code invalidatedAll()}.
 */
class GenerationWatchTests {

	@Test
	void noForeignChangeIsEverMissedWhateverTheInterleaving() {
		SplittableRandom seeds = new SplittableRandom(13);
		for (int run = 0; run < 20_000; run++) {
			new Model(seeds.nextLong()).run(200);
		}
	}

	@Test
	void ownChangesAreReportedOnlyWhenTheyRaceAPoll() {
		SplittableRandom random = new SplittableRandom(17);
		RecordingListener listener = new RecordingListener();
		GenerationWatch watch = new GenerationWatch(listener);
		long generation = 1000;
		watch.read(watch.accounted(), generation);
		for (int i = 0; i < 10_000; i++) {
			if (random.nextInt(10) == 0) {
				// The one race left: an own change written after a poll took what is accounted,
				// and before it read the file, then accounted after the read.
				long before = watch.accounted();
				generation++;
				watch.read(before, generation);
				watch.ownChange(generation - 1, generation);
			}
			else {
				generation++;
				watch.ownChange(generation - 1, generation);
				watch.read(watch.accounted(), generation);
			}
		}
		assertThat(listener.invalidatedAll.get()).as("only the racing own changes look foreign")
			.isBetween(1, 2_000);
		int racedSoFar = listener.invalidatedAll.get();
		for (int i = 0; i < 1_000; i++) {
			generation++;
			watch.ownChange(generation - 1, generation);
			watch.read(watch.accounted(), generation);
		}
		assertThat(listener.invalidatedAll).hasValue(racedSoFar);
	}

	@Test
	void theRaceThatFoolsACountOfOwnChangesDoesNotFoolTheWatch() {
		RecordingListener listener = new RecordingListener();
		GenerationWatch watch = new GenerationWatch(listener);
		watch.read(watch.accounted(), 10);
		// A poll takes what is accounted; the own store writes 11 and accounts it after the read.
		long before = watch.accounted();
		watch.read(before, 11);
		watch.ownChange(10, 11);
		assertThat(listener.invalidatedAll).as("the own change looked foreign").hasValue(1);
		// Another store writes 12: comparing growth (2) with own changes (1) would see nothing new.
		watch.read(watch.accounted(), 12);
		assertThat(listener.invalidatedAll).hasValue(2);
	}

	/** The control file, one watch, and which foreign changes have been reported. */
	private static final class Model {

		private final SplittableRandom random;

		private final RecordingListener listener = new RecordingListener();

		private final GenerationWatch watch = new GenerationWatch(this.listener);

		private final List<String> trace = new ArrayList<>();

		private long generation;

		/** Foreign changes not yet followed by a report. */
		private int unreported;

		/** The generation an own change wrote, not yet accounted; or none. */
		private long ownWritten = Long.MIN_VALUE;

		/** What a poll in progress took from the watch; or none. */
		private long taken = Long.MIN_VALUE;

		private boolean polling;

		Model(long seed) {
			this.random = new SplittableRandom(seed);
			this.generation = this.random.nextLong(1, 1L << 62);
			this.watch.read(this.watch.accounted(), this.generation);
		}

		void run(int steps) {
			for (int i = 0; i < steps; i++) {
				step();
			}
		}

		private void step() {
			int choice = this.random.nextInt(10);
			boolean ownPending = this.ownWritten != Long.MIN_VALUE;
			if (ownPending && choice < 5) {
				this.trace.add("own accounted " + this.ownWritten);
				this.watch.ownChange(this.ownWritten - 1, this.ownWritten);
				this.ownWritten = Long.MIN_VALUE;
			}
			else if (choice < 5) {
				int change = this.random.nextInt(10);
				if (change < 5) {
					this.generation++;
					this.ownWritten = this.generation;
					this.trace.add("own wrote " + this.generation);
				}
				else if (change < 9) {
					this.generation++;
					this.unreported++;
					this.trace.add("foreign wrote " + this.generation);
				}
				else {
					this.generation = this.random.nextLong(1, 1L << 62) + 1;
					this.unreported++;
					this.trace.add("created anew at " + this.generation);
				}
			}
			else if (!this.polling) {
				this.taken = this.watch.accounted();
				this.polling = true;
				this.trace.add("poll took " + this.taken);
			}
			else {
				int reported = this.listener.invalidatedAll.get();
				int foreignBeforeRead = this.unreported;
				this.watch.read(this.taken, this.generation);
				this.polling = false;
				this.trace.add("poll read " + this.generation);
				if (this.listener.invalidatedAll.get() > reported) {
					this.unreported -= foreignBeforeRead;
				}
				assertThat(this.unreported).as(() -> String.join("\n", this.trace)).isZero();
			}
		}

	}

}
