package io.polycache.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.polycache.core.CacheRemoval;
import io.polycache.core.CacheRemovalListener;
import io.polycache.core.ExtendedCache;
import io.polycache.core.RemovalCause;
import io.polycache.spi.PolycacheConfigurationException;
import io.polycache.testsupport.CollectingRemovalListener;
import io.polycache.testsupport.Threads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Removal listeners declared as beans: what they hear, on which thread, for which caches;
 * the {@code cache.removals} meters with and without them; and a listener that is slow or
 * throws never holding up or failing a cache operation.
 */
class RemovalEventsAutoConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PolycacheAutoConfiguration.class))
		.withPropertyValues("cache.backends.products.max-entries=2", "cache.backends.products.eviction=fifo",
				"cache.backends.other.type=local-memory");

	@Test
	void aListenerBeanHearsEveryCauseWithKeyAndValueOffTheCallersThread() {
		CollectingRemovalListener listener = new CollectingRemovalListener();
		this.runner.withBean(CacheRemovalListener.class, () -> listener).run((context) -> {
			ExtendedCache products = cache(context.getBean(CacheManager.class), "products");
			replaceEvictRemoveAndClear(products);
			List<CacheRemoval> heard = listener.await(4);
			assertThat(heard).containsExactly(new CacheRemoval("products", "a", "1", RemovalCause.REPLACED),
					new CacheRemoval("products", "a", "2", RemovalCause.EVICTED),
					new CacheRemoval("products", "b", "1", RemovalCause.EXPLICIT),
					new CacheRemoval("products", "c", "1", RemovalCause.CLEARED));
			assertThat(listener.threads()).allSatisfy((thread) -> {
				assertThat(thread).isNotSameAs(Thread.currentThread());
				assertThat(thread.getName()).isEqualTo("polycache-removals");
				assertThat(thread.isDaemon()).isTrue();
			});
		});
	}

	@Test
	void aListenerForOneCacheHearsOnlyThatCache() {
		CollectingRemovalListener listener = new CollectingRemovalListener();
		this.runner.withBean(CacheRemovalListener.class, () -> CacheRemovalListener.forCaches(Set.of("other"), listener))
			.run((context) -> {
				CacheManager manager = context.getBean(CacheManager.class);
				cache(manager, "products").put("p", "1");
				cache(manager, "products").evict("p");
				cache(manager, "other").put("o", "1");
				cache(manager, "other").evict("o");
				assertThat(listener.await(1)).extracting(CacheRemoval::cacheName).containsOnly("other");
			});
	}

	@Test
	void fileSystemRemovalsCarryTheKeyAndNoValue() {
		CollectingRemovalListener listener = new CollectingRemovalListener();
		this.runner.withBean(CacheRemovalListener.class, () -> listener)
			.withPropertyValues("cache.backends.files.type=file-system",
					"cache.backends.files.file-system.directory=" + this.directory)
			.run((context) -> {
				ExtendedCache files = cache(context.getBean(CacheManager.class), "files");
				files.put(42L, "x");
				files.evict(42L);
				assertThat(listener.await(1)).containsExactly(
						new CacheRemoval("files", "~long:42", null, RemovalCause.EXPLICIT));
			});
	}

	@Test
	void storeByValueRemovalsCarryTheValueReadBack() {
		CollectingRemovalListener listener = new CollectingRemovalListener();
		this.runner.withBean(CacheRemovalListener.class, () -> listener)
			.withPropertyValues("cache.backends.copies.store-by-value=true")
			.run((context) -> {
				ExtendedCache copies = cache(context.getBean(CacheManager.class), "copies");
				copies.put("k", List.of("a", "b"));
				copies.put("nothing", null);
				copies.evict("k");
				copies.evict("nothing");
				assertThat(listener.await(2)).containsExactly(
						new CacheRemoval("copies", "k", List.of("a", "b"), RemovalCause.EXPLICIT),
						new CacheRemoval("copies", "nothing", null, RemovalCause.EXPLICIT));
			});
	}

	@Test
	void aNearTierReportsOnlyWhatLeavesTheStore() {
		CollectingRemovalListener listener = new CollectingRemovalListener();
		this.runner.withBean(CacheRemovalListener.class, () -> listener)
			.withPropertyValues("cache.backends.files.type=file-system",
					"cache.backends.files.file-system.directory=" + this.directory,
					"cache.backends.files.near.max-entries=1", "cache.backends.files.near.ttl=1m")
			.run((context) -> {
				ExtendedCache files = cache(context.getBean(CacheManager.class), "files");
				files.put("a", "1");
				files.get("a");
				files.put("b", "1");
				files.get("b");
				files.evict("a");
				assertThat(listener.await(1)).containsExactly(
						new CacheRemoval("files", "a", null, RemovalCause.EXPLICIT));
				files.evict("b");
				assertThat(listener.await(2)).hasSize(2);
			});
	}

	@Test
	void aSlowOrThrowingListenerNeitherDelaysNorFailsTheCacheAndDropsAreCounted() throws InterruptedException {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CacheRemovalListener slow = (removal) -> {
			entered.countDown();
			try {
				release.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("listener failed");
		};
		CollectingRemovalListener after = new CollectingRemovalListener();
		this.runner.withBean("slow", CacheRemovalListener.class, () -> slow)
			.withBean("after", CacheRemovalListener.class, () -> after)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, CacheMetricsAutoConfiguration.class))
			.withPropertyValues("cache.removal-events.queue-capacity=2")
			.run((context) -> {
				ExtendedCache other = cache(context.getBean(CacheManager.class), "other");
				other.put(0, "v");
				other.evict(0);
				assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
				long started = System.nanoTime();
				for (int i = 1; i < 100; i++) {
					other.put(i, "v");
					other.evict(i);
				}
				// The listener is stuck on the first removal: the evictions did not wait for it.
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("cache.removals.dropped").tag("cache", "other").functionCounter().count())
					.isEqualTo(97);
				assertThat(registry.get("cache.removals").tag("cache", "other").tag("cause", "explicit")
					.functionCounter().count()).isEqualTo(100);
				release.countDown();
				assertThat(after.await(3)).hasSize(3).allSatisfy((removal) -> assertThat(removal.cause())
					.isEqualTo(RemovalCause.EXPLICIT));
			});
	}

	@Test
	void metersCountEveryCauseWithoutAListenerAndAgreeWithTheStatistics() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, CacheMetricsAutoConfiguration.class))
			.run((context) -> {
				ExtendedCache products = cache(context.getBean(CacheManager.class), "products");
				replaceEvictRemoveAndClear(products);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				for (RemovalCause cause : List.of(RemovalCause.REPLACED, RemovalCause.EVICTED, RemovalCause.EXPLICIT,
						RemovalCause.CLEARED)) {
					assertThat(registry.get("cache.removals").tag("cache", "products").tag("cause", cause.tag())
						.functionCounter().count()).as(cause.tag()).isEqualTo(1);
				}
				assertThat(registry.get("cache.removals").tag("cache", "products").tag("cause", "expired")
					.functionCounter().count()).isZero();
				assertThat(registry.get("cache.evictions").tag("cache", "products").functionCounter().count())
					.isEqualTo(1);
				assertThat(registry.find("cache.removals.dropped").functionCounter()).isNull();
				assertThat(context.getBean(PolycacheCaches.class).removals()).isNull();
			});
	}

	@Test
	void theDeliveryThreadStopsWithTheContext() {
		Set<Thread> before = Threads.aliveNamed("polycache-removals");
		CollectingRemovalListener listener = new CollectingRemovalListener();
		this.runner.withBean(CacheRemovalListener.class, () -> listener).run((context) -> {
			assertThat(Threads.startedSince(before, "polycache-removals")).hasSize(1);
			cache(context.getBean(CacheManager.class), "other").put("k", "v");
			cache(context.getBean(CacheManager.class), "other").evict("k");
		});
		assertThat(listener.removals()).as("delivered before the thread stopped").hasSize(1);
		assertThat(Threads.startedSince(before, "polycache-removals")).isEmpty();
	}

	@Test
	void noListenerNoThread() {
		Set<Thread> before = Threads.aliveNamed("polycache-removals");
		this.runner.run((context) -> assertThat(Threads.startedSince(before, "polycache-removals")).isEmpty());
	}

	@Test
	void aQueueOfNoPlaceStopsStartUp() {
		this.runner.withBean(CacheRemovalListener.class, CollectingRemovalListener::new)
			.withPropertyValues("cache.removal-events.queue-capacity=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PolycacheConfigurationException.class)
				.hasMessageContaining("cache.removal-events.queue-capacity"));
	}

	/** On a cache of two FIFO entries: one removal of each cause but expiry. */
	private static void replaceEvictRemoveAndClear(ExtendedCache products) {
		products.put("a", "1");
		products.put("a", "2");
		products.put("b", "1");
		products.put("c", "1");
		products.evict("b");
		products.clear();
	}

	private static ExtendedCache cache(CacheManager manager, String name) {
		return (ExtendedCache) manager.getCache(name);
	}


	@Test
	void aFailedStartLeavesNoDeliveryThreadBehind() {
		long before = deliveryThreads();
		this.runner.withBean(CacheRemovalListener.class, () -> (removal) -> {
		}).withPropertyValues("cache.serialization.max-bytes=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(deliveryThreads()).isEqualTo(before);
		});
	}

	private static long deliveryThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.isAlive() && thread.getName().equals("polycache-removals"))
			.count();
	}


	/**
	 * The caches are built with their listeners, so a listener that needs the
	 * {@code CacheManager} takes it through an {@code ObjectProvider}, as
	 * docs/operations.md says; injecting it directly is a circular reference.
	 */
	@Test
	void aListenerReachesTheCacheManagerThroughAnObjectProvider() {
		this.runner.withUserConfiguration(ListenerUsingCaches.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ExtendedCache products = cache(context.getBean(CacheManager.class), "products");
			products.put("a", "1");
			products.evict("a");
			assertThat(context.getBean(ListenerUsingCaches.class).heard.await(10, TimeUnit.SECONDS)).isTrue();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerUsingCaches {

		final CountDownLatch heard = new CountDownLatch(1);

		@Bean
		CacheRemovalListener auditing(ObjectProvider<CacheManager> cacheManager) {
			return (removal) -> {
				if (cacheManager.getObject().getCache("other") != null) {
					this.heard.countDown();
				}
			};
		}

	}

}
