package io.polycache.memcached;

import java.time.Duration;

import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.KeyMapper;
import io.polycache.spi.Leases;
import io.polycache.spi.OpenedStore;
import io.polycache.spi.StoreContext;

/**
 * The {@code memcached} backend: one memcached item per entry, through clients shared by
 * every cache with the same client settings. The server evicts and expires; its connection
 * and timeout failures ({@link MemcachedOutages}) trip the outage guard. The store adds the
 * cache's namespace itself, with the generation that {@code clear} bumps, so its store
 * keys are the keys' {@link io.polycache.internal.KeyEncoder} form alone. It holds leases,
 * for {@code single-flight: cluster}: every cache gets a {@link MemcachedLeaseStore} on the
 * same client.
 */
public final class MemcachedProvider implements BackendProvider {

	/** The type, as written in {@code cache.backends.<name>.type}. */
	public static final String TYPE = "memcached";

	/** The property group of a cache's own client settings. */
	public static final String PROPERTY_GROUP = "memcached";

	private final MemcachedClients clients;

	private final MemcachedProperties shared;

	/**
	 * @param clients where the clients live (and are shut down)
	 * @param shared the shared client's settings, {@code cache.memcached.*}, which a cache's
	 * own {@code memcached.*} group overrides
	 */
	public MemcachedProvider(MemcachedClients clients, MemcachedProperties shared) {
		this.clients = clients;
		this.shared = shared;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public BackendTraits traits() {
		return BackendTraits.remote(MemcachedOutages::isOutage).withLeases();
	}

	@Override
	public String propertyGroup() {
		return PROPERTY_GROUP;
	}

	@Override
	public OpenedStore<String, byte[]> open(StoreContext context) {
		Client client = new MemcachedClientResolver(context.settings().name(), this.shared,
				context.properties(MemcachedCacheProperties.class)).client();
		SharedMemcachedClient shared = this.clients.client(client.name(), client.settings());
		String cacheName = context.settings().name();
		Leases leases = MemcachedStores.leases(context.namespace(), shared);
		return new OpenedStore<>(MemcachedStores.create(cacheName, context.namespace(), shared,
				client.generationCheckInterval(), context.clock(), context.events()), KeyMapper.prefixed(""),
				context.serializer())
			.withLeases(leases);
	}

	/**
	 * The client one cache uses.
	 *
	 * @param name the client's name, if it is new: caches whose client settings are equal share
	 * one client, named by the first of them
	 * @param settings the client's settings
	 * @param generationCheckInterval how often the cache re-reads its namespace generation
	 */
	record Client(String name, MemcachedClientSettings settings, Duration generationCheckInterval) {
	}

}
