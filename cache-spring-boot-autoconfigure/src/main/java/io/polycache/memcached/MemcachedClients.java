package io.polycache.memcached;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * The memcached clients of one application: one per distinct {@link MemcachedClientSettings},
 * created when a cache first asks for it and shut down together by {@link #close()}.
 * <p>Thread-safe.
 */
public final class MemcachedClients implements AutoCloseable {

	private final Map<MemcachedClientSettings, SharedMemcachedClient> clients = new LinkedHashMap<>();

	private boolean closed;

	/**
	 * The client for these settings, connecting it if no cache has asked for it yet.
	 * @param name names a new client (in thread names and health details)
	 */
	public synchronized SharedMemcachedClient client(String name, MemcachedClientSettings settings) {
		Assert.state(!this.closed, "The memcached clients have been shut down");
		return this.clients.computeIfAbsent(settings, (key) -> SharedMemcachedClient.connect(name, key));
	}

	/** The clients created so far, in the order they were created. */
	public synchronized List<SharedMemcachedClient> clients() {
		return List.copyOf(this.clients.values());
	}

	/** Shuts every client down; later calls do nothing. */
	@Override
	public synchronized void close() {
		this.closed = true;
		List<IOException> failures = new ArrayList<>();
		for (SharedMemcachedClient client : this.clients.values()) {
			try {
				client.shutdown();
			}
			catch (IOException ex) {
				failures.add(ex);
			}
		}
		this.clients.clear();
		if (!failures.isEmpty()) {
			MemcachedAccessException failure = new MemcachedAccessException(
					"Shutting down " + failures.size() + " memcached client(s) failed");
			failures.forEach(failure::addSuppressed);
			throw failure;
		}
	}

}
