package io.polycache.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.cache.support.NullValue;

import io.polycache.core.ValueSerializationException;
import io.polycache.core.ValueSerializer;
import io.polycache.core.trusted.Product;
import io.polycache.core.untrusted.Trap;
import io.polycache.spi.ValueCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Both serializers, through the codec the shared stores use: values come back equal and
 * typed, and bytes naming a class outside the allow-list never create an object of it.
 */
class SerializationTests {

	private static final ClassAllowList ALLOW_LIST = ClassAllowList.of(List.of("io.polycache.core.trusted"));

	static Stream<Arguments> serializers() {
		return Stream.of(Arguments.of("jdk", (Function<ClassAllowList, ValueSerializer>) JdkValueSerializer::new),
				Arguments.of("json", (Function<ClassAllowList, ValueSerializer>) JsonValueSerializer::new));
	}

	private static Product product() {
		return new Product(42, "Teapot", new BigDecimal("19.90"), Instant.parse("2026-11-23T10:15:30Z"),
				List.of("kitchen", "tea"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("serializers")
	void valuesComeBackEqualAndTyped(String name, Function<ClassAllowList, ValueSerializer> factory) {
		ValueCodec<byte[]> codec = ValueCodec.serializing(factory.apply(ALLOW_LIST));
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("a", 1L);
		map.put("b", List.of("x"));
		List<Object> values = List.of("text", "", "ünïcødé ✓ 🎉", "unpaired \uD800 surrogate", 42L, 7, 3.5, true, new BigDecimal("1.10"), LocalDate.of(2026, 1, 2),
				Duration.ofMinutes(3), product(), List.of(product(), product()), new ArrayList<>(List.of(1L, 2L)), map,
				Set.of("s"));
		for (Object value : values) {
			Object decoded = codec.decode(codec.encode(value));
			assertThat(decoded).as("%s round trip of %s", name, value).isEqualTo(value);
			if (value instanceof java.util.Collection || value instanceof Map) {
				// JSON keeps the kind of collection, not always its JDK implementation class.
				assertThat(decoded).as("%s kind of %s", name, value)
					.isInstanceOf((value instanceof List) ? List.class : (value instanceof Set) ? Set.class : Map.class);
			}
			else {
				assertThat(decoded.getClass()).as("%s type of %s", name, value).isEqualTo(value.getClass());
			}
		}
		List<?> products = (List<?>) codec.decode(codec.encode(List.of(product())));
		assertThat(products.get(0)).isInstanceOf(Product.class);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("serializers")
	void nullMarkerAndLoadTimeSurvive(String name, Function<ClassAllowList, ValueSerializer> factory) {
		ValueCodec<byte[]> codec = ValueCodec.serializing(factory.apply(ALLOW_LIST));
		assertThat(codec.decode(codec.encode(NullValue.INSTANCE))).isSameAs(NullValue.INSTANCE);
		ValueCodec.Loaded loaded = new ValueCodec.Loaded("v", 123_456L);
		assertThat(codec.decode(codec.encode(loaded))).isEqualTo(loaded);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("serializers")
	void classOutsideAllowListIsNeverInstantiated(String name, Function<ClassAllowList, ValueSerializer> factory) {
		byte[] tampered = factory.apply(ClassAllowList.of(List.of("io.polycache.core.untrusted")))
			.serialize(new Trap("payload"));
		int before = Trap.INSTANTIATIONS.get();
		ValueSerializer strict = factory.apply(ALLOW_LIST);
		assertThatExceptionOfType(ValueSerializationException.class).isThrownBy(() -> strict.deserialize(tampered))
			.satisfies(ex -> assertThat(ex.isRejectedClass()).isTrue())
			.withMessageContaining("io.polycache.core.untrusted.Trap");
		assertThat(Trap.INSTANTIATIONS.get()).isEqualTo(before);
		assertThat(factory.apply(ClassAllowList.of(List.of("io.polycache.core.untrusted"))).deserialize(tampered))
			.as("the same bytes, allowed, do instantiate it: the check above is not vacuous")
			.isInstanceOf(Trap.class);
		assertThat(Trap.INSTANTIATIONS.get()).isEqualTo(before + 1);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("serializers")
	void corruptBytesAreASerializationFailure(String name, Function<ClassAllowList, ValueSerializer> factory) {
		ValueCodec<byte[]> codec = ValueCodec.serializing(factory.apply(ALLOW_LIST));
		byte[] good = (byte[]) codec.encode(product());
		byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
		byte[] flipped = good.clone();
		flipped[flipped.length / 2] ^= 0x5A;
		for (byte[] bad : List.of(truncated, new byte[0], new byte[] { 1 }, new byte[] { 9, 9, 9 })) {
			assertThatExceptionOfType(ValueSerializationException.class).isThrownBy(() -> codec.decode(bad));
		}
		try {
			assertThat(codec.decode(flipped)).isNotEqualTo(product());
		}
		catch (ValueSerializationException expected) {
			// Either outcome is a clean one: an exception, or a different but harmless value.
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("serializers")
	void nativeCountersReadBackAsLong(String name, Function<ClassAllowList, ValueSerializer> factory) {
		ValueCodec<byte[]> codec = ValueCodec.serializing(factory.apply(ALLOW_LIST));
		assertThat(codec.decode("42".getBytes(StandardCharsets.US_ASCII))).isEqualTo(42L);
		assertThat(codec.decode("-7".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-7L);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("serializers")
	void unserializableValueIsAClearError(String name, Function<ClassAllowList, ValueSerializer> factory) {
		ValueSerializer serializer = factory.apply(ALLOW_LIST);
		assertThatExceptionOfType(ValueSerializationException.class)
			.isThrownBy(() -> serializer.serialize(new Object() {
				@SuppressWarnings("unused")
				public Object getSelf() {
					return this;
				}
			}));
	}

	@org.junit.jupiter.api.Test
	void allowListCoversJdkValueTypesButNotGadgets() {
		ClassAllowList allowList = ClassAllowList.of(List.of("com.example"));
		assertThat(allowList.isAllowed("java.lang.String")).isTrue();
		assertThat(allowList.isAllowed("java.util.ArrayList")).isTrue();
		assertThat(allowList.isAllowed("java.util.ImmutableCollections$ListN")).isTrue();
		assertThat(allowList.isAllowed("java.time.Instant")).isTrue();
		assertThat(allowList.isAllowed("[Ljava.lang.String;")).isTrue();
		assertThat(allowList.isAllowed("[J")).isTrue();
		assertThat(allowList.isAllowed("com.example.Order")).isTrue();
		assertThat(allowList.isAllowed("com.example.sub.Line")).isTrue();
		assertThat(allowList.isAllowed("com.examples.Other")).isFalse();
		assertThat(allowList.isAllowed("java.util.concurrent.ConcurrentHashMap")).isFalse();
		assertThat(allowList.isAllowed("java.util.ServiceLoader")).isFalse();
		assertThat(allowList.isAllowed("javax.management.BadAttributeValueExpException")).isFalse();
		assertThat(allowList.isAllowed("org.apache.commons.collections.functors.InvokerTransformer")).isFalse();
		assertThat(allowList.isAllowed("java.lang.Runtime")).isFalse();
		assertThat(allowList.isAllowed("java.lang.invoke.SerializedLambda")).isFalse();
	}

}
