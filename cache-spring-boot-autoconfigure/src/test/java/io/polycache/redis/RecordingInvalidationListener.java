package io.polycache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.polycache.spi.InvalidationListener;

/**
 * An {@link InvalidationListener} that records what it hears, with the {@link System#nanoTime()}
 * it heard it at: {@code connected}, {@code disconnected}, {@code all}, or the store key.
 */
final class RecordingInvalidationListener implements InvalidationListener {

	static final String CONNECTED = "connected";

	static final String DISCONNECTED = "disconnected";

	static final String ALL = "all";

	private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

	@Override
	public void connected() {
		this.events.add(new Event(CONNECTED, System.nanoTime()));
	}

	@Override
	public void disconnected() {
		this.events.add(new Event(DISCONNECTED, System.nanoTime()));
	}

	@Override
	public void invalidated(String storeKey) {
		this.events.add(new Event(storeKey, System.nanoTime()));
	}

	@Override
	public void invalidatedAll() {
		this.events.add(new Event(ALL, System.nanoTime()));
	}

	/** The next event, waiting for it at most {@code timeout}; fails if none comes. */
	Event next(Duration timeout) throws InterruptedException {
		Event event = this.events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
		if (event == null) {
			throw new AssertionError("No invalidation event within " + timeout);
		}
		return event;
	}

	/** The next {@code count} events' names, waiting for each at most {@code timeout}. */
	List<String> next(int count, Duration timeout) throws InterruptedException {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			names.add(next(timeout).name());
		}
		return names;
	}

	/** Skips events until one with this name, waiting at most {@code timeout} for each. */
	Event skipTo(String name, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			if (event.name().equals(name)) {
				return event;
			}
		}
	}

	/** Takes events until none comes for {@code quiet}. */
	List<Event> drainUntilQuiet(Duration quiet) throws InterruptedException {
		List<Event> drained = new ArrayList<>();
		Event event;
		while ((event = this.events.poll(quiet.toNanos(), TimeUnit.NANOSECONDS)) != null) {
			drained.add(event);
		}
		return drained;
	}

	/** The events heard so far and not yet taken, taking them. */
	List<String> drain() {
		List<Event> drained = new ArrayList<>();
		this.events.drainTo(drained);
		return drained.stream().map(Event::name).toList();
	}

	record Event(String name, long nanos) {
	}

}
