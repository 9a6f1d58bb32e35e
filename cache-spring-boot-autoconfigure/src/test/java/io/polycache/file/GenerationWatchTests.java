package io.polycache.file;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GenerationWatch} against a model of the control file, over millions of seeded
 * random interleavings of its steps: a foreign change (another store makes the generation
 * odd, then even again; or dies in between, and the next store to lock makes it even), an
 * own change in its four steps (the odd generation written, then recorded with
 * {@link GenerationWatch#ownChange}, the even one written, then recorded; no other change
 * meanwhile, as all four happen under the lock), a directory created anew (the generation
 * jumps to a random value), and a poll in its two steps (read the file, then hand the
 * generation over, with other steps between). The
 * invariants, after every poll: every foreign change made before its read has been
 * followed by an {@code invalidatedAll()}, and a poll that reads a foreign change under
 * way (or abandoned) reports, whatever it reported before.
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
		watch.read(generation);
		for (int i = 0; i < 10_000; i++) {
			generation++;
			if (random.nextInt(10) == 0) {
				// The one race left: the poll reads an own generation the store has not yet recorded.
				watch.read(generation);
				watch.ownChange(generation - 1, generation);
			}
			else {
				watch.ownChange(generation - 1, generation);
				watch.read(generation);
			}
		}
		assertThat(listener.invalidatedAll.get()).as("only the racing own changes look foreign")
			.isBetween(1, 2_000);
		int racedSoFar = listener.invalidatedAll.get();
		for (int i = 0; i < 1_000; i++) {
			generation++;
			watch.ownChange(generation - 1, generation);
			if (i % 10 == 0) {
				watch.read(generation);
			}
		}
		assertThat(listener.invalidatedAll).as("a poll far behind the own store").hasValue(racedSoFar);
	}

	@Test
	void theRaceThatFoolsACountOfOwnChangesDoesNotFoolTheWatch() {
		RecordingListener listener = new RecordingListener();
		GenerationWatch watch = new GenerationWatch(listener);
		watch.read(10);
		// The own store writes 11; a poll reads it before the store records it.
		watch.read(11);
		watch.ownChange(10, 11);
		assertThat(listener.invalidatedAll).as("the own change looked foreign").hasValue(1);
		// Another store writes 12: comparing growth (2) with own changes (1) would see nothing new.
		watch.read(12);
		assertThat(listener.invalidatedAll).hasValue(2);
	}

	@Test
	void aPollThatFellBehindAnOwnRunAfterAForeignChangeStillReportsIt() {
		RecordingListener listener = new RecordingListener();
		GenerationWatch watch = new GenerationWatch(listener);
		watch.read(10);
		watch.ownChange(10, 12);
		// Another store writes 13 and 14; then the own store 15 to 20.
		watch.ownChange(14, 16);
		watch.ownChange(16, 20);
		watch.read(20);
		assertThat(listener.invalidatedAll).hasValue(1);
		watch.ownChange(20, 22);
		watch.read(22);
		assertThat(listener.invalidatedAll).hasValue(1);
	}

	/** The control file, one watch, and which foreign changes have been reported. */
	private static final class Model {

		/** Whose change is under way: the generation is odd from its start to its end. */
		private enum UnderWay {

			NONE, OWN, FOREIGN, ABANDONED

		}

		private final SplittableRandom random;

		private final RecordingListener listener = new RecordingListener();

		private final GenerationWatch watch = new GenerationWatch(this.listener);

		private final List<String> trace = new ArrayList<>();

		private long generation;

		/**
		 * Foreign changes (a start, an end, a repair, a new file) not yet followed by a report
		 * from a poll that read the file after them.
		 */
		private int unreported;

		private UnderWay underWay = UnderWay.NONE;

		/** For an own change: 0 wrote its start, 1 recorded it, 2 wrote its end (recorded next). */
		private int ownStep;

		/** What a poll in progress read from the file. */
		private long read;

		/** Whether a foreign change was under way when the poll in progress read the file. */
		private boolean foreignUnderWayAtRead;

		/** Foreign changes made before the poll in progress read the file, not yet reported. */
		private int unreportedAtRead;

		private boolean polling;

		Model(long seed) {
			this.random = new SplittableRandom(seed);
			this.generation = this.random.nextLong(1, 1L << 62) & ~1L;
			this.watch.read(this.generation);
		}

		void run(int steps) {
			for (int i = 0; i < steps; i++) {
				if (this.random.nextInt(2) == 0) {
					change();
				}
				else {
					poll();
				}
			}
		}

		/** One step of a change: each is a write or an accounting under the directory's lock. */
		private void change() {
			switch (this.underWay) {
				case OWN -> ownStep();
				case FOREIGN -> {
					if (this.random.nextInt(4) == 0) {
						this.underWay = UnderWay.ABANDONED;
						this.trace.add("foreign writer died");
					}
					else {
						foreignWrite("foreign ended", UnderWay.NONE);
					}
				}
				case ABANDONED -> foreignWrite("repaired by the next lock", UnderWay.NONE);
				case NONE -> {
					int kind = this.random.nextInt(10);
					if (kind < 5) {
						this.generation++;
						this.underWay = UnderWay.OWN;
						this.ownStep = 0;
						this.trace.add("own started " + this.generation);
					}
					else if (kind < 9) {
						foreignWrite("foreign started", UnderWay.FOREIGN);
					}
					else {
						this.generation = (this.random.nextLong(1, 1L << 62) & ~1L) - 1;
						foreignWrite("created anew", UnderWay.NONE);
					}
				}
			}
		}

		private void ownStep() {
			if (this.ownStep == 1) {
				this.generation++;
				this.trace.add("own ended " + this.generation);
			}
			else {
				this.watch.ownChange(this.generation - 1, this.generation);
				this.trace.add("own recorded " + this.generation);
				if (this.ownStep == 2) {
					this.underWay = UnderWay.NONE;
				}
			}
			this.ownStep++;
		}

		private void foreignWrite(String what, UnderWay next) {
			this.generation++;
			this.unreported++;
			this.underWay = next;
			this.trace.add(what + " " + this.generation);
		}

		private void poll() {
			if (!this.polling) {
				this.read = this.generation;
				this.unreportedAtRead = this.unreported;
				this.foreignUnderWayAtRead = this.underWay == UnderWay.FOREIGN || this.underWay == UnderWay.ABANDONED;
				this.polling = true;
				this.trace.add("poll read " + this.read);
				return;
			}
			int reported = this.listener.invalidatedAll.get();
			this.watch.read(this.read);
			this.polling = false;
			boolean reportedNow = this.listener.invalidatedAll.get() > reported;
			this.trace.add("poll handed over " + this.read + (reportedNow ? ", reported" : ""));
			if (reportedNow) {
				this.unreported -= this.unreportedAtRead;
				this.unreportedAtRead = 0;
			}
			assertThat(this.unreportedAtRead).as(() -> String.join("\n", this.trace)).isZero();
			assertThat(reportedNow || !this.foreignUnderWayAtRead).as(() -> "a foreign change under way, not reported:\n"
					+ String.join("\n", this.trace)).isTrue();
		}

	}

}
