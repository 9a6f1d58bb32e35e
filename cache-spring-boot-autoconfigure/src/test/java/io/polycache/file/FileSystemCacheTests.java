package io.polycache.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.polycache.core.CacheSettings;
import io.polycache.core.EvictionPolicy;
import io.polycache.internal.AssembledCache;
import io.polycache.internal.FailOpenStore;
import io.polycache.spi.BackendProvider;
import io.polycache.spi.ByteStore;
import io.polycache.spi.CacheStore;
import io.polycache.spi.KeyNamespace;
import io.polycache.spi.Leases;
import io.polycache.testfixtures.AbstractBoundedStoreCacheTests;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared cache contract on the file-system store, plus what only it promises. */
class FileSystemCacheTests extends AbstractBoundedStoreCacheTests {

	@TempDir
	Path root;

	@Override
	protected BackendProvider provider() {
		return new FileSystemProvider();
	}

	@Override
	protected Map<String, String> properties(CacheSettings settings) {
		return Map.of("cache.backends." + settings.name() + ".file-system.directory", this.root.toString());
	}

	@Test
	void anInterruptedCallerDoesNotStopLaterWrites() throws InterruptedException {
		this.cache.put("a", 1);
		// An interrupt during file I/O closes the lock file's channel under the caller.
		Thread interrupted = new Thread(() -> {
			Thread.currentThread().interrupt();
			try {
				this.cache.evict("a");
			}
			catch (RuntimeException expected) {
				// The interrupted call itself may fail; the ones after it must not.
			}
		});
		interrupted.start();
		interrupted.join();
		this.cache.put("b", 2);
		assertThat(this.cache.get("b", Integer.class)).isEqualTo(2);
	}

	@Test
	void filesWrittenUnderTheOldKeyFormatAreNeverRead() {
		CacheStore<String, byte[]> store = byteStore();
		byte[] value = serializer(this.cache.settings()).encode("written by the old format");
		// Before the key format had a version, 42L and "42" were both stored as test:v1:42.
		store.put("test:v1:42", value, Duration.ZERO);
		assertThat(this.cache.get(42L)).isNull();
		assertThat(this.cache.get("42")).isNull();
		assertThat(store.get("test:v1:42")).as("the old file is still there, orphaned").isNotNull();
		assertThat(KeyNamespace.of(this.cache.settings()).keys().toStoreKey(42L)).isEqualTo("test:k2:1:~long:42");
	}

	@Test
	void valuesOutliveTheStore() {
		this.cache.put("k", "v");
		this.cache.close();
		AssembledCache reopened = createCache(CacheSettings.defaults("test"));
		assertThat(reopened.get("k", String.class)).isEqualTo("v");
	}

	@Test
	void aTouchIsWrittenToTheFileAndOutlivesTheStore() throws IOException {
		this.cache.put("k", "v", Duration.ofSeconds(10));
		assertThat(this.cache.touch("k", Duration.ofHours(1))).isTrue();
		this.cache.close();
		this.clock.advance(Duration.ofMinutes(30));
		AssembledCache reopened = createCache(CacheSettings.defaults("test"));
		assertThat(reopened.timeToLive("k")).contains(Duration.ofMinutes(30));
		assertThat(reopened.get("k", String.class)).isEqualTo("v");
		try (Stream<Path> files = Files.walk(this.root.resolve("test"))) {
			assertThat(files.map(Path::toString)).as("one entry file, no temporary file left")
				.filteredOn((name) -> name.endsWith(".entry") || name.endsWith(".tmp"))
				.singleElement()
				.satisfies((name) -> assertThat(name).endsWith(".entry"));
		}
	}

	@Test
	void aTouchIsNoUseOfTheEntryAcrossRestarts() {
		CacheSettings settings = CacheSettings.builder("lru").maxEntries(2).eviction(EvictionPolicy.LRU).build();
		AssembledCache lru = createCache(settings);
		lru.put("a", 1);
		this.clock.advanceMillis(1);
		lru.put("b", 2);
		this.clock.advanceMillis(1);
		assertThat(lru.touch("a", Duration.ofHours(1))).isTrue();
		lru.close();
		AssembledCache reopened = createCache(settings);
		reopened.put("c", 3);
		assertThat(reopened.contains("a")).as("a, touched but least recently used, was the victim").isFalse();
		assertThat(reopened.contains("b")).isTrue();
	}

	@Test
	void evictByPrefixLeavesTheCachesLeasesAlone() {
		Leases leases = FileStores.leases(byteStore() instanceof FailOpenStore<String, byte[]> failOpen
				? (ByteStore) failOpen.delegate() : (ByteStore) byteStore(), KeyNamespace.of(this.cache.settings()));
		String leaseKey = leases.keys().toStoreKey("user:1");
		assertThat(leases.store().compareAndSet(leaseKey, null, "token", Duration.ofMinutes(1))).isTrue();
		this.cache.put("user:1", "v");
		assertThat(this.cache.evictByPrefix("")).isEqualTo(1);
		assertThat(leases.store().get(leaseKey)).isEqualTo("token");
	}

	@Test
	void eachCacheHasItsOwnDirectoryAndClearsOnlyIt() {
		AssembledCache other = createCache(CacheSettings.defaults("other"));
		this.cache.put("k", "mine");
		other.put("k", "theirs");
		this.cache.clear();
		assertThat(this.cache.get("k")).isNull();
		assertThat(other.get("k", String.class)).isEqualTo("theirs");
		assertThat(this.root.resolve("test")).isDirectory();
		assertThat(this.root.resolve("other")).isDirectory();
	}

	@Test
	void cacheNamesThatAreNoSafeFileNameGetAHashedDirectory() {
		assertThat(FileLayout.segment("products")).isEqualTo("products");
		assertThat(FileLayout.segment("../Users")).matches("_._users-[0-9a-f]{8}");
		assertThat(FileLayout.segment("Users")).isNotEqualTo(FileLayout.segment("users"));
		assertThat(this.root.resolve(FileLayout.segment("../x")).normalize().startsWith(this.root)).isTrue();
	}

}
