package io.polycache.file;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.polycache.spi.InvalidationListener;

/**
 * Records what an {@link InvalidationListener} hears, for the file-system near tier's
 * tests: the events in order, how many of each, and when the last {@code invalidatedAll()}
 * arrived ({@link System#nanoTime()}).
 */
class RecordingListener implements InvalidationListener {

	final List<String> events = new CopyOnWriteArrayList<>();

	final AtomicInteger connected = new AtomicInteger();

	final AtomicInteger disconnected = new AtomicInteger();

	final AtomicInteger invalidatedAll = new AtomicInteger();

	volatile long lastInvalidatedAllNanos;

	@Override
	public void connected() {
		this.events.add("connected");
		this.connected.incrementAndGet();
	}

	@Override
	public void disconnected() {
		this.events.add("disconnected");
		this.disconnected.incrementAndGet();
	}

	@Override
	public void invalidated(String storeKey) {
		this.events.add("invalidated " + storeKey);
	}

	@Override
	public void invalidatedAll() {
		this.lastInvalidatedAllNanos = System.nanoTime();
		this.events.add("invalidatedAll");
		this.invalidatedAll.incrementAndGet();
	}

}
