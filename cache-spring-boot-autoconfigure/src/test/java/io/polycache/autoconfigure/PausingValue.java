package io.polycache.autoconfigure;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A cached value whose reading back can be paused on one named thread, between the moment
 * the store returned its bytes and the moment the cache has the value: a real read of a
 * real store, held at the point where a near tier would fill itself. One pause at a time.
 */
final class PausingValue implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private static volatile @Nullable String pausedThread;

	private static volatile CountDownLatch paused = new CountDownLatch(1);

	private static volatile CountDownLatch released = new CountDownLatch(1);

	private final String value;

	PausingValue(String value) {
		this.value = value;
	}

	/** The next read of a value on the thread with this name waits in {@link #release()}. */
	static void pauseNextReadOn(String threadName) {
		paused = new CountDownLatch(1);
		released = new CountDownLatch(1);
		pausedThread = threadName;
	}

	/** Waits until the read is paused. */
	static boolean awaitPaused() throws InterruptedException {
		return paused.await(10, TimeUnit.SECONDS);
	}

	static void release() {
		released.countDown();
	}

	@Serial
	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		in.defaultReadObject();
		if (Thread.currentThread().getName().equals(pausedThread)) {
			pausedThread = null;
			paused.countDown();
			try {
				released.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof PausingValue that && this.value.equals(that.value);
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.value);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
