package io.polycache.file;

import java.util.concurrent.atomic.AtomicLong;

import io.polycache.spi.InvalidationListener;

/**
 * One near tier's subscription to a store's control file: decides, from each generation
 * the {@link ControlFilePoller} reads, whether a store other than its own changed the
 * directory since the last read, and then tells the listener to drop everything.
 * <p><b>What is accounted.</b> {@link #accounted()} is the generation up to which every
 * change is known to the near tier: either reported
 * ({@link InvalidationListener#invalidatedAll()}) or made by its own store, whose changes
 * reach the near tier through the near tier itself. It moves in two ways only. The own
 * store, under the directory's lock and right after writing generation {@code g + 1} over
 * {@code g}, moves it from {@code g} to {@code g + 1} ({@link #ownChange}), and only if it
 * was {@code g}: an own change that follows a foreign change not yet reported leaves it
 * behind, so the foreign change is still reported. A poll that reads a generation other
 * than the one accounted reports, and then moves it to what it read (or to a later own
 * generation, if the own store moved it meanwhile). So a foreign change is never counted
 * as accounted without a report that follows it, whatever the interleaving; unlike a
 * count of own changes compared with the generation's growth, where an own change that a
 * race made look foreign can later hide a foreign one.
 * <p><b>Why the order of the reads.</b> A poll takes {@link #accounted()} <i>before</i>
 * reading the file, and the store moves it <i>after</i> writing the file. So an own change
 * accounted when the poll starts is in the generation it reads, and the two agree when no
 * other store changed anything. An own change written while the poll reads is in the
 * generation read too, and the poll looks at what is accounted once more after the read:
 * if the own store has accounted up to exactly the generation read, nothing else changed.
 * So only an own change whose write and accounting (adjacent, under the lock) straddle the
 * read looks foreign, a needless {@code invalidatedAll()}; never the reverse.
 * <p><b>A change under way.</b> A store makes the generation odd before it changes an entry
 * file and even again after ({@link ControlFile#changing()}): an odd generation another
 * store wrote means a change is under way, or was abandoned by a process that died before
 * announcing its end. While the generation stays at such an odd value, every poll reports
 * again, so a copy read from the store before the change landed lives at most one interval;
 * the next store to take the directory's lock makes it even, a change like any other.
 * <p><b>The channel's state.</b> The first successful read connects
 * ({@link InvalidationListener#connected()}); a failed read disconnects
 * ({@link InvalidationListener#disconnected()}, once), and the next successful read
 * connects again, taking the generation it read as its new start: the near tier starts
 * empty on {@code connected()}, so what changed before does not matter.
 * <p>Thread-safe: polls are serialized by this object's monitor, {@link #ownChange} is
 * one compare-and-set. The listener is called on the polling thread, never under the
 * store's lock; once {@link #close()} returns, at most a call already under way
 * completes.
 */
final class GenerationWatch {

	private enum State {

		NEW, CONNECTED, DISCONNECTED

	}

	private final InvalidationListener listener;

	private final AtomicLong accounted = new AtomicLong();

	/** Guarded by this. */
	private State state = State.NEW;

	/**
	 * The odd generation of another store's change under way, reported at every poll until
	 * the generation moves on; {@link #NONE}, which is even, if none. Guarded by this.
	 */
	private long underWay = NONE;

	private static final long NONE = 0;

	private volatile boolean closed;

	GenerationWatch(InvalidationListener listener) {
		this.listener = listener;
	}

	/** The generation up to which every change is accounted for; taken before each read. */
	long accounted() {
		return this.accounted.get();
	}

	/**
	 * Under the directory's lock, right after the own store wrote {@code next} over
	 * {@code previous}: accounts for the change if everything before it was.
	 */
	void ownChange(long previous, long next) {
		this.accounted.compareAndSet(previous, next);
	}

	/**
	 * A poll read {@code generation}, having taken {@code accountedBefore} from
	 * {@link #accounted()} before the read.
	 */
	synchronized void read(long accountedBefore, long generation) {
		if (this.closed) {
			return;
		}
		if (this.state != State.CONNECTED) {
			this.accounted.set(generation);
			// Whoever's change is under way, the near tier must not keep what it reads meanwhile.
			this.underWay = ControlFile.isOdd(generation) ? generation : NONE;
			this.state = State.CONNECTED;
			this.listener.connected();
			return;
		}
		if (generation == accountedBefore || generation == this.accounted.get()) {
			// Nothing but own changes since: accounted before the read, or accounted since up to what it read.
			if (generation == this.underWay) {
				this.listener.invalidatedAll();
			}
			return;
		}
		this.listener.invalidatedAll();
		if (!this.accounted.compareAndSet(accountedBefore, generation)) {
			this.accounted.accumulateAndGet(generation, Math::max);
		}
		this.underWay = ControlFile.isOdd(generation) ? generation : NONE;
	}

	/** A poll could not read the control file: the near tier must stop serving. */
	synchronized void failed() {
		if (this.closed || this.state == State.DISCONNECTED) {
			return;
		}
		this.state = State.DISCONNECTED;
		this.listener.disconnected();
	}

	/** Stops calling the listener: no call starts after this returns. */
	void close() {
		this.closed = true;
	}

}
