package io.polycache.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.polycache.core.ValueSerializationException;
import io.polycache.core.ValueSerializer;
import io.polycache.core.trusted.Product;
import io.polycache.spi.ValueCodec;
import io.polycache.testfixtures.HostilePayloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The limits on reading one value: hostile payloads made only of allowed classes fail as
 * a {@link ValueSerializationException} naming the limit, never as an {@code Error}, and
 * real values well inside the defaults still read back.
 */
class SerializationLimitsTests {

	private static final ClassAllowList ALLOW_LIST = ClassAllowList.of(List.of("io.polycache.core.trusted"));

	static Stream<Arguments> jdkPayloads() {
		return HostilePayloads.jdk().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
	}

	static Stream<Arguments> jsonPayloads() {
		return HostilePayloads.json().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("jdkPayloads")
	void hostileJdkPayloadIsRefused(String name, byte[] payload) {
		ValueCodec<byte[]> codec = ValueCodec.serializing(new JdkValueSerializer(ALLOW_LIST));
		assertThatExceptionOfType(ValueSerializationException.class).isThrownBy(() -> codec.decode(payload))
			.withMessageContaining("cache.serialization.");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("jsonPayloads")
	void hostileJsonPayloadIsRefused(String name, byte[] payload) {
		ValueCodec<byte[]> codec = ValueCodec.serializing(new JsonValueSerializer(ALLOW_LIST));
		assertThatExceptionOfType(ValueSerializationException.class).isThrownBy(() -> codec.decode(payload));
	}

	@Test
	void eachJdkLimitNamesItsProperty() {
		assertRefused(limits(8, 1_000, 1_000, 1_000), HostilePayloads.nestedLists(20), "max-depth");
		assertRefused(limits(1_000, 50, 1_000, 1_000), serialize(numbers(100)), "max-references");
		assertRefused(limits(1_000, 1_000, 10, 1_000), serialize(new long[100]), "max-array-length");
		assertRefused(limits(1_000, 1_000, 1_000, 1_000), HostilePayloads.nestedSets(12), "max-expanded-objects");
		assertRefused(limits(1_000, 1_000, Integer.MAX_VALUE, 1_000), HostilePayloads.hugeLongArray(), "of only 27 bytes");
	}

	@Test
	void setsSharingOneHeavySetStopAtTheReadTime() {
		SerializationLimits limits = new SerializationLimits(SerializationLimits.DEFAULT_MAX_BYTES, 200, 1_000_000,
				1_000_000, 10_000_000, Duration.ofMillis(50));
		assertRefused(limits, HostilePayloads.setsSharingHeavySet(12, 100_000), "max-read-time");
	}

	@Test
	void realValuesReadBackWithTheDefaults() {
		ValueCodec<byte[]> codec = ValueCodec.serializing(new JdkValueSerializer(ALLOW_LIST));
		List<Product> products = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			products.add(new Product(i, "Teapot " + i, new BigDecimal("19.90"), Instant.EPOCH, List.of("kitchen", "tea")));
		}
		Map<String, List<Product>> grouped = new LinkedHashMap<>();
		for (int i = 0; i < 10; i++) {
			grouped.put("page" + i, new ArrayList<>(products.subList(i * 2_000, (i + 1) * 2_000)));
		}
		Map<String, Object> shared = new HashMap<>(Map.of("all", products, "grouped", new LinkedHashMap<>(grouped)));
		for (Object value : List.of(products, new LinkedHashMap<>(grouped), shared, new long[1_000_000],
				numbers(100_000))) {
			Object decoded = codec.decode(codec.encode(value));
			if (value instanceof long[] longs) {
				assertThat((long[]) decoded).isEqualTo(longs);
			}
			else {
				assertThat(decoded).isEqualTo(value);
			}
		}
	}

	@Test
	void payloadLongerThanMaxBytesIsRefusedBeforeAnySerializerSeesIt() {
		AtomicInteger reads = new AtomicInteger();
		ValueSerializer counting = new ValueSerializer() {
			@Override
			public byte[] serialize(Object value) {
				return new byte[(Integer) value];
			}

			@Override
			public Object deserialize(byte[] bytes) {
				reads.incrementAndGet();
				return bytes.length;
			}
		};
		ValueCodec<byte[]> codec = ValueCodec.serializing(counting, 100);
		assertThat(codec.decode(codec.encode(99))).isEqualTo(99);
		byte[] tooLong = new byte[101];
		tooLong[0] = 1;
		assertThatExceptionOfType(ValueSerializationException.class).isThrownBy(() -> codec.decode(tooLong))
			.withMessageContaining("cache.serialization.max-bytes");
		assertThat(reads).hasValue(1);
		assertThatExceptionOfType(ValueSerializationException.class).isThrownBy(() -> codec.encode(100))
			.withMessageContaining("cache.serialization.max-bytes");
		assertThatExceptionOfType(ValueSerializationException.class)
			.isThrownBy(() -> codec.encode("x".repeat(100)))
			.withMessageContaining("cache.serialization.max-bytes");
	}

	@Test
	void jsonNestingLimitFollowsMaxDepth() {
		SerializationLimits shallow = limits(10, 1_000, 1_000, 1_000);
		ValueCodec<byte[]> codec = ValueCodec.serializing(new JsonValueSerializer(ALLOW_LIST, shallow));
		assertThatExceptionOfType(ValueSerializationException.class)
			.isThrownBy(() -> codec.decode(HostilePayloads.jsonNestedArrays(20)))
			.withMessageContaining("Document nesting depth");
		assertThatExceptionOfType(ValueSerializationException.class)
			.isThrownBy(() -> codec.decode(HostilePayloads.jsonNestedObjects(20)))
			.withMessageContaining("Document nesting depth");
		assertThat(codec.decode(HostilePayloads.jsonNestedArrays(4))).isEqualTo(List.of(List.of(List.of(List.of()))));
	}

	private static SerializationLimits limits(int depth, long references, int arrayLength, long expanded) {
		return new SerializationLimits(SerializationLimits.DEFAULT_MAX_BYTES, depth, references, arrayLength, expanded,
				SerializationLimits.DEFAULT_MAX_READ_TIME);
	}

	private static void assertRefused(SerializationLimits limits, byte[] payload, String limit) {
		ValueCodec<byte[]> codec = ValueCodec.serializing(new JdkValueSerializer(ALLOW_LIST, null, limits));
		assertThatExceptionOfType(ValueSerializationException.class).isThrownBy(() -> codec.decode(payload))
			.withMessageContaining(limit);
	}

	private static List<Long> numbers(int count) {
		List<Long> numbers = new ArrayList<>();
		for (long i = 0; i < count; i++) {
			numbers.add(i * 1_000_003);
		}
		return numbers;
	}

	private static byte[] serialize(Object value) {
		return (byte[]) ValueCodec.serializing(new JdkValueSerializer(ALLOW_LIST)).encode(value);
	}

}
