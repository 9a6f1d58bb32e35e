package io.polycache.file;

import io.polycache.spi.InvalidationListener;

/**
 * One near tier's subscription to a store's control file: decides, from each generation
 * the {@link ControlFilePoller} reads, whether a store other than its own changed the
 * directory since the last read, and then tells the listener to drop everything.
 * <p><b>Own changes.</b> The own store's changes reach its near tier through the near tier
 * itself, so they must not be reported. Under the directory's lock, right after writing
 * generation {@code next} over {@code previous}, the store records it ({@link #ownChange}):
 * the generations in {@code (previous, next]} are its own. Consecutive records extend one
 * run of own generations; a record that does not continue the run (another store wrote in
 * between) starts a new one. A poll that reads generation {@code g}, having last accounted
 * for {@code seen}, reports unless every generation in {@code (seen, g]} lies in the run:
 * those are all the own store's, and nothing else changed. Otherwise it reports
 * ({@link InvalidationListener#invalidatedAll()}) and accounts for {@code g}. A foreign
 * generation is never in a run, so it is never skipped; an own change whose write the poll
 * read before the store recorded it (the two are adjacent, under the lock) looks foreign,
 * a needless report, never the reverse. However far the poll falls behind the own store,
 * the run still covers what the own store wrote since, so it never loses track of it.
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
 * <p>Thread-safe: polls are serialized by this object's monitor, and call the listener
 * under it; the run has a lock of its own, held for a few assignments, so a store's write
 * never waits for a listener. The listener is called on the polling thread, never under
 * the store's lock; once {@link #close()} returns, at most a call already under way
 * completes.
 */
final class GenerationWatch {

	private enum State {

		NEW, CONNECTED, DISCONNECTED

	}

	/** Even, so never the odd generation of a change under way. */
	private static final long NONE = 0;

	private final InvalidationListener listener;

	/** Guarded by this. */
	private State state = State.NEW;

	/** The generation the last poll accounted for. Guarded by this. */
	private long seen;

	/**
	 * The odd generation of another store's change under way, reported at every poll until
	 * the generation moves on; {@link #NONE} if none. Guarded by this.
	 */
	private long underWay = NONE;

	/** Guards the run, apart from the polls, so that the store never waits for a listener. */
	private final Object runLock = new Object();

	/** The run of own generations, {@code (runStart, runEnd]}. Guarded by {@link #runLock}. */
	private long runStart;

	private long runEnd;

	private volatile boolean closed;

	GenerationWatch(InvalidationListener listener) {
		this.listener = listener;
	}

	/**
	 * Under the directory's lock, right after the own store wrote {@code next} over
	 * {@code previous}: the generations in between are its own.
	 */
	void ownChange(long previous, long next) {
		synchronized (this.runLock) {
			if (previous != this.runEnd) {
				this.runStart = previous;
			}
			this.runEnd = next;
		}
	}

	/** A poll read {@code generation}. */
	synchronized void read(long generation) {
		if (this.closed) {
			return;
		}
		if (this.state != State.CONNECTED) {
			this.seen = generation;
			// Whoever's change is under way, the near tier must not keep what it reads meanwhile.
			this.underWay = ControlFile.isOdd(generation) ? generation : NONE;
			this.state = State.CONNECTED;
			this.listener.connected();
			return;
		}
		if (generation == this.underWay) {
			this.listener.invalidatedAll();
			return;
		}
		if (generation == this.seen || ownSince(this.seen, generation)) {
			this.seen = generation;
			return;
		}
		this.listener.invalidatedAll();
		this.seen = generation;
		this.underWay = ControlFile.isOdd(generation) ? generation : NONE;
	}

	/** Whether every generation in {@code (from, to]} is the own store's. */
	private boolean ownSince(long from, long to) {
		synchronized (this.runLock) {
			return this.runStart <= from && from < to && to <= this.runEnd;
		}
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
