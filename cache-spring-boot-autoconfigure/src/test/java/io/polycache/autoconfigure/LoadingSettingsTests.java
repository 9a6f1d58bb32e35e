package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

import io.polycache.core.CacheSettings;
import io.polycache.core.ExtendedCache;
import io.polycache.core.SingleFlightScope;
import io.polycache.internal.AssembledCache;
import io.polycache.spi.PolycacheConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loading settings ({@code single-flight}, {@code single-flight-lease},
 * {@code auto-refresh}, {@code auto-refresh-idle}, {@code ttl-jitter}) as start-up binds
 * and checks them.
 */
class LoadingSettingsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
		.withPropertyValues("cache.backends.quotes.ttl=10m");

	@Test
	void defaultsLoadPerInstanceWithoutJitterOrAutoRefresh() {
		this.runner.run(context -> {
			CacheSettings settings = settings(context.getBean(CacheManager.class));
			assertThat(settings.singleFlight()).isEqualTo(SingleFlightScope.INSTANCE);
			assertThat(settings.singleFlightLease()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.autoRefreshes()).isFalse();
			assertThat(settings.ttlJitter()).isZero();
		});
	}

	@Test
	void clusterSingleFlightStartsWithCachingOff(@TempDir Path directory) {
		this.runner
			.withPropertyValues("cache.enabled=false", "cache.backends.quotes.type=file-system",
					"cache.backends.quotes.file-system.directory=" + directory,
					"cache.backends.quotes.single-flight=cluster")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ExtendedCache quotes = (ExtendedCache) context.getBean(CacheManager.class).getCache("quotes");
				AtomicInteger loads = new AtomicInteger();
				assertThat(quotes.get("a", loads::incrementAndGet)).isEqualTo(1);
				assertThat(quotes.get("a", loads::incrementAndGet)).as("caching is off").isEqualTo(2);
			});
	}

	@Test
	void bindsEverySettingAndIdleDefaultsToTenPeriods() {
		this.runner
			.withPropertyValues("cache.defaults.ttl-jitter=10%", "cache.defaults.single-flight-lease=5s",
					"cache.backends.quotes.auto-refresh=1m")
			.run(context -> {
				CacheSettings settings = settings(context.getBean(CacheManager.class));
				assertThat(settings.ttlJitter()).isEqualTo(0.1);
				assertThat(settings.singleFlightLease()).isEqualTo(Duration.ofSeconds(5));
				assertThat(settings.autoRefresh()).isEqualTo(Duration.ofMinutes(1));
				assertThat(settings.effectiveAutoRefreshIdle()).isEqualTo(Duration.ofMinutes(10));
			});
		this.runner.withPropertyValues("cache.backends.quotes.ttl-jitter=2.5",
				"cache.backends.quotes.auto-refresh=1m", "cache.backends.quotes.auto-refresh-idle=3m")
			.run(context -> {
				CacheSettings settings = settings(context.getBean(CacheManager.class));
				assertThat(settings.ttlJitter()).isEqualTo(0.025);
				assertThat(settings.effectiveAutoRefreshIdle()).isEqualTo(Duration.ofMinutes(3));
			});
	}

	@Test
	void clusterSingleFlightOnLocalMemoryStopsStartup() {
		this.runner.withPropertyValues("cache.backends.quotes.single-flight=cluster")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.backends.quotes.single-flight")
				.hasMessageContaining("local-memory cannot"));
	}

	@Test
	void badValuesStopStartupNamingTheProperty() {
		expectFailure("cache.backends.quotes.ttl-jitter=100%", "cache.backends.quotes.ttl-jitter", "percentage");
		expectFailure("cache.defaults.ttl-jitter=ten", "cache.defaults.ttl-jitter", "percentage");
		expectFailure("cache.backends.quotes.ttl-jitter=-1%", "cache.backends.quotes.ttl-jitter", "percentage");
		expectFailure("cache.defaults.single-flight-lease=0s", "cache.defaults.single-flight-lease", "lease");
		expectFailure("cache.backends.quotes.auto-refresh=10m", "cache.backends.quotes.auto-refresh",
				"before it is ever refreshed");
		expectFailure("cache.backends.quotes.auto-refresh-idle=1m", "cache.backends.quotes.auto-refresh-idle",
				"auto-refresh is off");
		expectFailure("cache.backends.quotes.auto-refresh=10ms", "cache.backends.quotes.auto-refresh", "at least 64ms");
	}

	@Test
	void autoRefreshIdleShorterThanThePeriodStopsStartup() {
		this.runner
			.withPropertyValues("cache.backends.quotes.auto-refresh=1m", "cache.backends.quotes.auto-refresh-idle=30s")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cache.backends.quotes.auto-refresh-idle")
				.hasMessageContaining("shorter than the auto-refresh period"));
	}

	@Test
	void autoRefreshRunsOnItsOwnTimerUntilTheKeyGoesIdle() {
		this.runner
			.withPropertyValues("cache.backends.quotes.auto-refresh=640ms", "cache.backends.quotes.auto-refresh-idle=2s")
			.run(context -> {
				AssembledCache quotes = (AssembledCache) context.getBean(CacheManager.class).getCache("quotes");
				AtomicInteger loads = new AtomicInteger();
				assertThat(quotes.get("eur", loads::incrementAndGet)).isEqualTo(1);
				// Reloaded in the background, with no read waiting for it.
				await().atMost(Duration.ofSeconds(10)).until(() -> loads.get() >= 3);
				assertThat(quotes.get("eur", loads::incrementAndGet)).isGreaterThan(1);
				// Not read any more: gone from the schedule after the idle time, and no more reloads.
				await().atMost(Duration.ofSeconds(10)).until(() -> quotes.storeCache().autoRefreshScheduled() == 0);
				int settled = loads.get();
				assertThat(quotes.statistics().refreshes()).isGreaterThanOrEqualTo(2);
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> loads.get() == settled);
			});
	}

	private void expectFailure(String property, String named, String reason) {
		this.runner.withPropertyValues(property)
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining(named)
				.hasMessageContaining(reason));
	}

	private static CacheSettings settings(CacheManager manager) {
		return ((ExtendedCache) manager.getCache("quotes")).settings();
	}

}
