package io.polycache.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.polycache.autoconfigure.PolycacheProperties.Backend;
import io.polycache.autoconfigure.PolycacheProperties.Near;
import io.polycache.core.CacheSettings;
import io.polycache.core.NearSettings;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.BackendTraits;
import io.polycache.spi.PolycacheConfigurationException;

/**
 * Resolves one cache's immutable {@link CacheSettings} from its own properties and the
 * shared defaults, and rejects values Polycache cannot run with, naming the property.
 * Every check of the settings a cache can have is made here, against what the cache's
 * backend is ({@link BackendTraits}); a backend's own group ({@code file-system.*},
 * {@code memcached.*}) is bound strictly and checked by its provider. {@code CacheSettings}'
 * constructor only guards values built in code, and a setting set nowhere takes its
 * {@code DEFAULT_*} constant there.
 */
final class CacheSettingsResolver {

	/** The shortest auto-refresh period: its schedule ticks every period / 64, at least every millisecond. */
	static final Duration MIN_AUTO_REFRESH = Duration.ofMillis(64);

	private CacheSettingsResolver() {
	}

	/**
	 * @param provider the provider of the cache's type: its traits say which settings
	 * mean something for it
	 */
	static CacheSettings resolve(String name, Backend backend, CacheSettingsProperties defaults,
			BackendProvider provider) {
		String prefix = "cache.backends." + name + ".";
		checkName(name);
		check("cache.defaults.", defaults);
		check(prefix, backend);
		checkNotNegative(prefix + "refresh-after", backend.getRefreshAfter());
		checkNotNegative(prefix + "auto-refresh", backend.getAutoRefresh());
		checkNotNegative(prefix + "auto-refresh-idle", backend.getAutoRefreshIdle());
		BackendTraits traits = provider.traits();
		String type = provider.type();
		if (traits.guarded() && name.indexOf(':') >= 0) {
			throw new PolycacheConfigurationException("cache.backends", name,
					"on " + type + " a cache name must not contain ':', which separates the parts "
							+ "of every key: cache 'a:1' and cache 'a' could share keys",
					"Rename the cache, for example with '-' instead of ':'.");
		}
		if (backend.getOutageWindow() != null && !traits.guarded()) {
			throw new PolycacheConfigurationException(prefix + "outage-window", backend.getOutageWindow(),
					"only a cache behind a server (redis, memcached) has an outage guard; this one is " + type,
					"Remove " + prefix + "outage-window.");
		}
		if (!traits.evictsHere()) {
			rejectLocalBound(prefix + "max-entries", backend.getMaxEntries(), type);
			rejectLocalBound(prefix + "eviction", backend.getEviction(), type);
		}
		CacheSettings.Builder builder = CacheSettings.builder(name);
		apply(defaults, builder);
		apply(backend, builder);
		set(backend.getRefreshAfter(), builder::refreshAfter);
		set(backend.getAutoRefresh(), builder::autoRefresh);
		set(backend.getAutoRefreshIdle(), builder::autoRefreshIdle);
		set(backend.getStoreByValue(), builder::storeByValue);
		builder.ttlJitter(ttlJitter(name, backend, defaults));
		builder.near(near(prefix + "near.", backend.getNear(), builder.build().ttl(), provider));
		CacheSettings settings = builder.build();
		checkShorterThanTtl(prefix + "refresh-after", settings.refreshAfter(), settings, "due for a refresh");
		checkShorterThanTtl(prefix + "auto-refresh", settings.autoRefresh(), settings, "refreshed");
		if (settings.autoRefreshes() && settings.autoRefresh().compareTo(MIN_AUTO_REFRESH) < 0) {
			throw new PolycacheConfigurationException(prefix + "auto-refresh", settings.autoRefresh(),
					"its schedule ticks 64 times a period on a thread every cache shares, so the period must be "
							+ "at least " + MIN_AUTO_REFRESH.toMillis() + "ms",
					"Set it to " + MIN_AUTO_REFRESH.toMillis() + "ms or more, or use refresh-after.");
		}
		checkAutoRefreshIdle(prefix, backend, settings);
		if (settings.clusterSingleFlight() && !traits.holdsLeases()) {
			String property = (backend.getSingleFlight() != null) ? prefix + "single-flight"
					: "cache.defaults.single-flight";
			throw new PolycacheConfigurationException(property, "cluster",
					"cluster-wide single flight needs a store every instance shares that can hold a lease "
							+ "(redis, memcached, file-system), and " + type + " cannot",
					"Set " + prefix + "single-flight to instance.");
		}
		return settings;
	}

	private static void checkShorterThanTtl(String property, Duration period, CacheSettings settings, String what) {
		if (!period.isZero() && !settings.ttl().isZero() && period.compareTo(settings.ttl()) >= 0) {
			throw new PolycacheConfigurationException(property, period,
					"a value expires after its TTL of " + settings.ttl() + " before it is ever " + what,
					"Set it shorter than the TTL, or remove it.");
		}
	}

	private static void checkAutoRefreshIdle(String prefix, Backend backend, CacheSettings settings) {
		Duration idle = backend.getAutoRefreshIdle();
		if (idle == null) {
			return;
		}
		if (!settings.autoRefreshes()) {
			throw new PolycacheConfigurationException(prefix + "auto-refresh-idle", idle,
					"it says when auto-refresh stops for a key, and auto-refresh is off",
					"Set " + prefix + "auto-refresh, or remove auto-refresh-idle.");
		}
		if (idle.compareTo(settings.autoRefresh()) < 0) {
			throw new PolycacheConfigurationException(prefix + "auto-refresh-idle", idle,
					"it is shorter than the auto-refresh period of " + settings.autoRefresh()
							+ ", so a key would stop being refreshed before its first refresh",
					"Set it to at least auto-refresh, or remove it for 10 periods.");
		}
	}

	/**
	 * {@code ttl-jitter} as a fraction: a percentage such as {@code 10%} (the sign may be
	 * left out), from 0 up to but excluding 100.
	 */
	private static double ttlJitter(String name, Backend backend, CacheSettingsProperties defaults) {
		String value = (backend.getTtlJitter() != null) ? backend.getTtlJitter() : defaults.getTtlJitter();
		if (value == null) {
			return CacheSettings.DEFAULT_TTL_JITTER;
		}
		String property = (backend.getTtlJitter() != null) ? "cache.backends." + name + ".ttl-jitter"
				: "cache.defaults.ttl-jitter";
		String number = value.strip();
		number = number.endsWith("%") ? number.substring(0, number.length() - 1).strip() : number;
		double percent;
		try {
			percent = Double.parseDouble(number);
		}
		catch (NumberFormatException ex) {
			percent = Double.NaN;
		}
		if (!(percent >= 0 && percent < 100)) {
			throw new PolycacheConfigurationException(property, value,
					"it must be a percentage from 0 up to but excluding 100",
					"Set it to a percentage such as 10%, or 0 for none.");
		}
		return percent / 100;
	}

	/**
	 * The near tier as configured: only in front of a store that keeps bytes (a shared
	 * one), its TTL the cache's unless set, and set where no invalidation is pushed.
	 */
	private static NearSettings near(String prefix, Near near, Duration cacheTtl, BackendProvider provider) {
		if (near.getMaxEntries() < 0) {
			throw new PolycacheConfigurationException(prefix + "max-entries", near.getMaxEntries(),
					"it must not be negative", "Set it to 0 for no near tier, or to the most entries it may hold.");
		}
		checkNotNegative(prefix + "ttl", near.getTtl());
		if (near.getMaxEntries() == 0) {
			return NearSettings.OFF;
		}
		BackendTraits traits = provider.traits();
		if (!traits.keepsBytes()) {
			throw new PolycacheConfigurationException(prefix + "max-entries", near.getMaxEntries(),
					"a near tier is a local copy of a shared store (redis, memcached, file-system), and "
							+ provider.type() + " is not one",
					"Remove " + prefix + "max-entries, or set max-entries on the cache itself.");
		}
		Duration ttl = (near.getTtl() != null) ? near.getTtl() : cacheTtl;
		if (!traits.pushesInvalidations() && ttl.isZero()) {
			throw new PolycacheConfigurationException(prefix + "ttl", ttl,
					provider.type() + " cannot tell other instances that an entry changed, so a near copy "
							+ "must expire: near.ttl is how long it may lag behind the store, and it is 0 (forever)",
					"Set " + prefix + "ttl, for example to 30s.");
		}
		return new NearSettings(near.getMaxEntries(), ttl, near.getEviction());
	}

	/** The checks that hold for a cache's settings and the defaults alike. */
	private static void check(String prefix, CacheSettingsProperties properties) {
		checkNotNegative(prefix + "ttl", properties.getTtl());
		checkNotNegative(prefix + "max-entries", properties.getMaxEntries());
		checkWindow(prefix + "outage-window", properties.getOutageWindow());
		Duration lease = properties.getSingleFlightLease();
		if (lease != null && (lease.isNegative() || lease.isZero())) {
			throw new PolycacheConfigurationException(prefix + "single-flight-lease", lease,
					"a lease must last a while, or no load could finish under it",
					"Set it above the slowest load, such as 30s.");
		}
	}

	/** Sets on the builder every setting these properties set; the others stay as they were. */
	private static void apply(CacheSettingsProperties properties, CacheSettings.Builder builder) {
		set(properties.getTtl(), builder::ttl);
		set(properties.getMaxEntries(), builder::maxEntries);
		set(properties.getEviction(), builder::eviction);
		set(properties.getCacheNullValues(), builder::cacheNullValues);
		set(properties.getKeyPrefix(), builder::keyPrefix);
		set(properties.getVersion(), builder::version);
		set(properties.getSerializer(), builder::serializer);
		set(properties.getFailOpen(), builder::failOpen);
		set(properties.getOutageWindow(), builder::outageWindow);
		set(properties.getSingleFlight(), builder::singleFlight);
		set(properties.getSingleFlightLease(), builder::singleFlightLease);
	}

	private static <T> void set(@Nullable T value, Consumer<T> setter) {
		if (value != null) {
			setter.accept(value);
		}
	}

	/** The property that set the cache's serializer, for messages about it. */
	static String serializerProperty(String name, @Nullable Backend backend) {
		return (backend != null && backend.getSerializer() != null) ? "cache.backends." + name + ".serializer" : "cache.defaults.serializer";
	}

	private static void checkName(String name) {
		if (name.isBlank() || !name.strip().equals(name)) {
			throw new PolycacheConfigurationException("cache.backends", name,
					"a cache name must not be blank or start or end with whitespace",
					"Rename the cache under cache.backends.");
		}
	}

	private static void checkNotNegative(String property, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			throw new PolycacheConfigurationException(property, value, "a TTL must not be negative",
					"Set a positive duration such as 10m, or 0 for entries that never expire.");
		}
	}

	private static void checkWindow(String property, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			throw new PolycacheConfigurationException(property, value, "an outage window must not be negative",
					"Set a duration such as 1s, or 0 to turn the outage guard off.");
		}
	}

	private static void checkNotNegative(String property, @Nullable Long value) {
		if (value != null && value < 0) {
			throw new PolycacheConfigurationException(property, value, "a size bound must not be negative",
					"Set a positive number of entries, or 0 for an unbounded cache.");
		}
	}

	private static void rejectLocalBound(String property, @Nullable Object value, String type) {
		if (value != null) {
			throw new PolycacheConfigurationException(property, value,
					"the " + type + " backend cannot honour it: its server decides what to evict",
					"Remove " + property + ", and bound the " + type
							+ " server's memory in its own configuration instead.");
		}
	}

}
