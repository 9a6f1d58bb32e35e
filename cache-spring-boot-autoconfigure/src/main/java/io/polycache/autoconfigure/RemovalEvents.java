package io.polycache.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.polycache.core.CacheRemovalListener;
import io.polycache.internal.RemovalDispatcher;
import io.polycache.spi.PolycacheConfigurationException;

/** Builds the delivery of removals to the application's listeners from {@code cache.removal-events.*}. */
final class RemovalEvents {

	static final String QUEUE_CAPACITY = "cache.removal-events.queue-capacity";

	private RemovalEvents() {
	}

	/**
	 * The dispatcher for these listeners, or {@code null} when there are none, so that no
	 * thread runs and no store builds a report.
	 * @throws PolycacheConfigurationException if the queue capacity is not positive
	 */
	static @Nullable RemovalDispatcher dispatcher(RemovalEventsProperties properties,
			List<CacheRemovalListener> listeners) {
		int capacity = properties.getQueueCapacity();
		if (capacity <= 0) {
			throw new PolycacheConfigurationException(QUEUE_CAPACITY, capacity,
					"removals wait for the listeners in a queue that must hold at least one",
					"Set " + QUEUE_CAPACITY + " to a positive number, such as the default "
							+ RemovalEventsProperties.DEFAULT_QUEUE_CAPACITY + ".");
		}
		return listeners.isEmpty() ? null : new RemovalDispatcher(listeners, capacity);
	}

}
