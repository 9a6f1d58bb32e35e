package io.polycache.autoconfigure;

import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.OptionalLong;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

import io.polycache.core.CacheSettings;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.SettingsChange;
import io.polycache.internal.SettingsChangeRefusedException;

/**
 * The {@code polycache} actuator endpoint ({@code /actuator/polycache}): every cache with
 * its backend, settings, size and statistics (near tier apart), and, where the application
 * allows writes ({@code management.endpoint.polycache.access=unrestricted}; the default
 * access is read-only), run-time changes of {@code max-entries}, {@code ttl},
 * {@code near.max-entries} and {@code near.ttl}, clearing a cache and evicting one key.
 * Every change is logged at INFO by this class's logger, with the old and new values and,
 * when the request was authenticated, the principal. docs/operations.md shows requests and
 * responses.
 * <p>HTTP only: its answers carry status codes (404 for an unknown cache, 400 for a bad
 * value, 409 for a setting the cache's backend cannot change). Thread-safe.
 */
@WebEndpoint(id = "polycache", defaultAccess = Access.READ_ONLY)
public class PolycacheEndpoint {

	private static final Log logger = LogFactory.getLog(PolycacheEndpoint.class);

	private final PolycacheCaches caches;

	PolycacheEndpoint(PolycacheCaches caches) {
		this.caches = caches;
	}

	/** Every cache, by name, in the order of the configuration. */
	@ReadOperation
	public CachesDescriptor caches() {
		Map<String, CacheDescriptor> described = new LinkedHashMap<>();
		this.caches.caches().forEach((name, cache) -> described.put(name, describe(name, cache)));
		return new CachesDescriptor(described);
	}

	/** One cache; 404 for a name no cache has. */
	@ReadOperation
	public WebEndpointResponse<Object> cache(@Selector String cache) {
		return withCache(cache, (found) -> new WebEndpointResponse<>(describe(cache, found)));
	}

	/**
	 * Changes settings of one cache: each parameter given is changed, the others are kept.
	 * Answers the cache as it is afterwards; 400 when nothing or a bad value is given, 409
	 * when the backend cannot change a setting (nothing is then changed).
	 * @param maxEntries the new {@code max-entries} (local memory, file system); 0 for unbounded
	 * @param ttl the new {@code ttl} of entries written from now on (local memory, file system)
	 * @param nearMaxEntries the new {@code near.max-entries}, positive
	 * @param nearTtl the new {@code near.ttl} of copies filled from now on
	 */
	@WriteOperation
	public WebEndpointResponse<Object> change(@Selector String cache, @Nullable Long maxEntries,
			@Nullable Duration ttl, @Nullable Long nearMaxEntries, @Nullable Duration nearTtl,
			SecurityContext securityContext) {
		SettingsChange change = new SettingsChange(maxEntries, ttl, nearMaxEntries, nearTtl);
		return withCache(cache, (found) -> {
			if (change.isEmpty()) {
				return error(WebEndpointResponse.STATUS_BAD_REQUEST, cache,
						"Nothing to change: give maxEntries, ttl, nearMaxEntries or nearTtl");
			}
			SettingsChange.Applied applied;
			try {
				applied = found.change(change);
			}
			catch (IllegalArgumentException ex) {
				return error(WebEndpointResponse.STATUS_BAD_REQUEST, cache,
						"Cannot change cache '" + cache + "': " + ex.getMessage());
			}
			catch (SettingsChangeRefusedException ex) {
				return error(409, cache, ex.getMessage() + why(this.caches.backendType(cache)));
			}
			String by = by(securityContext);
			CacheSettings before = applied.before();
			CacheSettings after = applied.after();
			logChange(cache, "max-entries", maxEntries, before.maxEntries(), after.maxEntries(), "", by);
			logChange(cache, "ttl", ttl, before.ttl(), after.ttl(), " (for entries written from now on)", by);
			logChange(cache, "near.max-entries", nearMaxEntries, before.near().maxEntries(),
					after.near().maxEntries(), "", by);
			logChange(cache, "near.ttl", nearTtl, before.near().ttl(), after.near().ttl(),
					" (for near copies filled from now on)", by);
			return new WebEndpointResponse<>(describe(cache, found));
		});
	}

	/**
	 * Without {@code key}, clears the cache (204); {@code keyType} alone is a 400, since it
	 * meant one key. With {@code key}, evicts that one key (200, saying whether it was
	 * present): {@code keyType} says what the application's key is,
	 * {@code string} (the default), {@code long} or {@code int}, so that a cache with
	 * {@code Long} keys loses {@code 42L}, never the string {@code "42"}.
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> clear(@Selector String cache, @Nullable String key, @Nullable String keyType,
			SecurityContext securityContext) {
		return withCache(cache, (found) -> {
			String by = by(securityContext);
			if (key == null && keyType != null) {
				// Meant for one key (a key parameter left out or misspelt): clearing all would reach every key.
				return error(WebEndpointResponse.STATUS_BAD_REQUEST, cache,
						"keyType is given without a key: give the key to evict, or neither to clear the cache");
			}
			if (key == null) {
				found.clear();
				logger.info("Cache '" + cache + "' cleared through the polycache endpoint" + by);
				return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
			}
			Object parsed;
			try {
				parsed = EndpointKeys.parse(key, keyType);
			}
			catch (IllegalArgumentException ex) {
				return error(WebEndpointResponse.STATUS_BAD_REQUEST, cache, ex.getMessage());
			}
			boolean present = found.evictIfPresent(parsed);
			String type = EndpointKeys.typeName(keyType);
			logger.info("Cache '" + cache + "': key " + EndpointKeys.forLog(key) + " (" + type
					+ ") evicted through the polycache endpoint"
					+ by + (present ? "" : "; it held no entry"));
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("cache", cache);
			body.put("key", key);
			body.put("keyType", type);
			body.put("evicted", present);
			return new WebEndpointResponse<>(body);
		});
	}

	private WebEndpointResponse<Object> withCache(String name,
			Function<AssembledCache, WebEndpointResponse<Object>> action) {
		AssembledCache cache = this.caches.caches().get(name);
		if (cache == null) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, name,
					"No cache '" + name + "'; the caches are " + new TreeSet<>(this.caches.caches().keySet()));
		}
		return action.apply(cache);
	}

	private static WebEndpointResponse<Object> error(int status, String cache, @Nullable String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("cache", cache);
		body.put("error", String.valueOf(message));
		return new WebEndpointResponse<>(body, status);
	}

	/** Why a backend cannot change what its store does not keep here. */
	private static String why(String backend) {
		return switch (backend) {
			case "redis", "memcached" -> " (backend " + backend + ": the server evicts by its own policy, and every "
					+ "instance writes with its configured ttl; change them in the configuration)";
			case BuiltInBackends.NONE -> " (backend none: it caches nothing)";
			default -> " (backend " + backend + ")";
		};
	}

	private static String by(@Nullable SecurityContext securityContext) {
		Principal principal = (securityContext != null) ? securityContext.getPrincipal() : null;
		return (principal != null) ? " by " + EndpointKeys.forLog(principal.getName()) : "";
	}

	private static void logChange(String cache, String setting, @Nullable Object requested, Object before,
			Object after, String scope, String by) {
		if (requested != null) {
			logger.info("Cache '" + cache + "': " + setting + " changed from " + before + " to " + after
					+ " through the polycache endpoint" + by + scope);
		}
	}

	private CacheDescriptor describe(String name, AssembledCache cache) {
		CacheSettings settings = cache.settings();
		List<String> changeable = cache.changeableSettings();
		boolean boundedHere = changeable.contains("max-entries");
		OptionalLong size = cache.size();
		NearDescriptor near = cache.nearStatistics()
			.map((statistics) -> new NearDescriptor(settings.near().maxEntries(), settings.near().ttl().toString(),
					lower(settings.near().eviction()), statistics.size(), statistics.serving(),
					new NearStatisticsDescriptor(statistics.hits(), statistics.misses(), statistics.hitRatio(),
							statistics.invalidations(), statistics.evictions(), statistics.expirations())))
			.orElse(null);
		return new CacheDescriptor(name, this.caches.backendType(name),
				new SettingsDescriptor(settings.ttl().toString(), boundedHere ? settings.maxEntries() : null,
						boundedHere ? lower(settings.eviction()) : null, settings.cacheNullValues(),
						settings.keyPrefix(), settings.version(), settings.refreshAfter().toString(),
						settings.storeByValue(), lower(settings.serializer()), settings.failOpen(),
						lower(settings.singleFlight()), settings.autoRefresh().toString(), settings.ttlJitter()),
				size.isPresent() ? size.getAsLong() : null, StatisticsDescriptor.of(cache.statistics()), near,
				changeable);
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Every cache, by name. */
	public record CachesDescriptor(Map<String, CacheDescriptor> caches) {
	}

	/**
	 * One cache.
	 * @param size the live entries, where the store counts them; {@code null} elsewhere
	 * @param near its near tier, {@code null} for none
	 * @param changeable the settings this endpoint can change for it
	 */
	public record CacheDescriptor(String name, String backend, SettingsDescriptor settings, @Nullable Long size,
			StatisticsDescriptor statistics, @Nullable NearDescriptor near, List<String> changeable) {
	}

	/**
	 * A cache's effective settings; durations in ISO-8601 ({@code PT10M}).
	 * @param maxEntries the bound, {@code null} where a server bounds the entries
	 * @param eviction the policy, {@code null} where a server bounds the entries
	 */
	public record SettingsDescriptor(String ttl, @Nullable Long maxEntries, @Nullable String eviction,
			boolean cacheNullValues, String keyPrefix, int version, String refreshAfter, boolean storeByValue,
			String serializer, boolean failOpen, String singleFlight, String autoRefresh, double ttlJitter) {
	}

	/** A cache's counters since it was created; every read, near hits included. */
	public record StatisticsDescriptor(long hits, long misses, double hitRatio, long puts, long evictions,
			long expirations, long loadSuccesses, long loadFailures, long refreshes, long refreshFailures) {

		static StatisticsDescriptor of(io.polycache.core.CacheStatistics statistics) {
			return new StatisticsDescriptor(statistics.hits(), statistics.misses(), statistics.hitRatio(),
					statistics.puts(), statistics.evictions(), statistics.expirations(), statistics.loadSuccesses(),
					statistics.loadFailures(), statistics.refreshes(), statistics.refreshFailures());
		}

	}

	/** A near tier: its settings, the copies it holds, whether it serves, and its counters. */
	public record NearDescriptor(long maxEntries, String ttl, String eviction, long size, boolean serving,
			NearStatisticsDescriptor statistics) {
	}

	/** A near tier's counters: misses are the reads that reached the shared store. */
	public record NearStatisticsDescriptor(long hits, long misses, double hitRatio, long invalidations,
			long evictions, long expirations) {
	}

}
