package io.polycache.testfixtures;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.polycache.core.CacheSettings;
import io.polycache.core.NearSettings;
import io.polycache.internal.AssembledCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole shared contract on a cache with a near tier in front of its store: what the
 * application sees does not change with one, except that a near copy lives
 * {@code near.ttl} from when it was read, whatever is left of the shared entry's TTL.
 */
class NearMapProviderCacheTests extends MapProviderCacheTests {

	@Override
	protected AssembledCache createCache(CacheSettings settings) {
		return super.createCache(
				settings.toBuilder().near(new NearSettings(1_000, settings.ttl(), settings.eviction())).build());
	}

	/** A copy read just before the shared entry expires is served for up to near.ttl longer. */
	@Test
	@Override
	protected void entryExpiresAfterConfiguredTtl() {
		AssembledCache expiring = createCache(CacheSettings.builder("expiring").ttl(Duration.ofSeconds(10)).build());
		expiring.put("k", "v");
		this.clock.advance(Duration.ofMillis(9_999));
		assertThat(expiring.get("k", String.class)).isEqualTo("v");
		this.clock.advance(Duration.ofMillis(1));
		assertThat(expiring.storeCache().stored("k")).as("the shared entry").isNull();
		assertThat(expiring.get("k", String.class)).as("the near copy, read 1 ms ago").isEqualTo("v");
		this.clock.advance(Duration.ofMillis(9_998));
		assertThat(expiring.get("k", String.class)).as("the near copy, 1 ms before its near.ttl").isEqualTo("v");
		this.clock.advance(Duration.ofMillis(1));
		assertThat(expiring.get("k")).isNull();
	}

}
