package io.polycache.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.polycache.memcached.MemcachedClients;
import io.polycache.memcached.SharedMemcachedClient;

/**
 * The {@code memcached} health contributor: one indicator per memcached client, named like
 * the client ({@code default} for the shared one, else the first cache that asked for it).
 * A client is UP when every one of its servers answers within the operation timeout and
 * DOWN otherwise; the details give each server's memcached version, or {@code DOWN}.
 * Clients are created as caches are, so the set is read on every health check.
 */
class MemcachedHealthContributor implements CompositeHealthContributor {

	private final MemcachedClients clients;

	MemcachedHealthContributor(MemcachedClients clients) {
		this.clients = clients;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.clients.clients()
			.stream()
			.filter((client) -> client.name().equals(name))
			.findFirst()
			.map(ClientHealthIndicator::new)
			.orElse(null);
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.clients.clients()
			.stream()
			.map((client) -> new HealthContributors.Entry(client.name(), new ClientHealthIndicator(client)));
	}

	/** The health of one client's servers. */
	private record ClientHealthIndicator(SharedMemcachedClient client) implements HealthIndicator {

		@Override
		public Health health() {
			Map<String, String> servers = new LinkedHashMap<>();
			boolean allUp = true;
			for (Map.Entry<String, @Nullable String> server : this.client.probe().entrySet()) {
				String version = server.getValue();
				allUp &= (version != null);
				servers.put(server.getKey(), (version != null) ? "UP (memcached " + version + ")" : "DOWN");
			}
			return (allUp ? Health.up() : Health.down()).withDetail("servers", servers).build();
		}

	}

}
