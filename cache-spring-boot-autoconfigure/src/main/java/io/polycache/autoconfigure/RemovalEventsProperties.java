package io.polycache.autoconfigure;

/**
 * How removals reach the application's {@code CacheRemovalListener} beans: through a
 * bounded queue, emptied by one daemon thread.
 */
public class RemovalEventsProperties {

	/** The default {@link #queueCapacity}. */
	static final int DEFAULT_QUEUE_CAPACITY = 10_000;

	/**
	 * How many removals may wait for the listeners; beyond it, removals are dropped,
	 * counted (cache.removals.dropped) and logged, never waited for.
	 */
	private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

}
