package io.polycache.memcached;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.polycache.testfixtures.TestAssembly;

import static org.assertj.core.api.Assertions.assertThat;

/** Records carry their expiry in milliseconds, counters in their flags. */
class MemcachedItemTests {

	@Test
	void recordExpiresToTheMillisecond() {
		MemcachedItem record = MemcachedItem.record(new byte[] { 1, 2 }, 10_000);
		assertThat(record.isRecord()).isTrue();
		assertThat(record.isCounter()).isFalse();
		assertThat((byte[]) record.liveValue(9_999)).containsExactly(1, 2);
		assertThat(record.liveValue(10_000)).isNull();
		assertThat(MemcachedItem.record(new byte[0], 0).liveValue(Long.MAX_VALUE)).isEqualTo(new byte[0]);
	}

	@Test
	void counterIsDecimalTextWithItsExpiryInFlagsRoundedDown() {
		MemcachedItem counter = MemcachedItem.counter(42, 10_999);
		assertThat(new String(counter.data(), StandardCharsets.US_ASCII)).isEqualTo("42");
		assertThat(counter.flags()).isEqualTo(10);
		assertThat(TestAssembly.jdkCodec().decode(counter.liveValue(9_999))).as("read back by the codec").isEqualTo(42L);
		assertThat(counter.liveValue(10_000)).isNull();
		assertThat(MemcachedItem.counter(1, 0).flags()).isZero();
	}

	@Test
	void counterExpiryIsCappedWhereMemcachedsTimesEnd() {
		assertThat(MemcachedItem.counter(1, Long.MAX_VALUE).flags()).isEqualTo(Integer.MAX_VALUE);
		assertThat(MemcachedItem.counter(1, 1).flags()).isEqualTo(1);
	}

	@Test
	void counterShrunkInPlaceByMemcachedReadsBack() {
		MemcachedItem shrunk = new MemcachedItem(0, "9 ".getBytes(StandardCharsets.US_ASCII));
		assertThat(shrunk.isCounter()).isTrue();
		assertThat(TestAssembly.jdkCodec().decode(shrunk.liveValue(0))).as("read back by the codec").isEqualTo(9L);
	}

	@Test
	void foreignBytesPassThroughForTheCodecToReject() {
		MemcachedItem foreign = new MemcachedItem(0, "text".getBytes(StandardCharsets.US_ASCII));
		assertThat(foreign.isRecord()).isFalse();
		assertThat(foreign.isCounter()).isFalse();
		assertThat(foreign.liveValue(0)).isEqualTo(foreign.data());
	}

}
