package io.polycache.internal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

import io.polycache.core.ValueSerializationException;
import io.polycache.core.ValueSerializer;

/**
 * JSON through Jackson, with the class name of every value whose declared type does not
 * fix it, so a {@code List<Product>} comes back as a list of {@code Product}s. Reading
 * checks each class name against the {@link ClassAllowList} before the class is loaded,
 * so a rejected class is never instantiated.
 * <p>Reading is bounded by Jackson's stream read constraints, set from the
 * {@link SerializationLimits}: arrays and objects nest at most {@code maxDepth} deep, a
 * document holds at most {@code maxBytes} bytes and {@code maxReferences} tokens; Jackson's
 * own defaults bound the rest (numbers of at most 1,000 digits, names of at most 50,000
 * characters, {@code BigDecimal} scales within 100,000). JSON has no shared references,
 * so reading costs time in proportion to the bytes.
 * <p>Thread-safe. Only loaded when a cache is configured with {@code serializer: json}.
 */
public final class JsonValueSerializer implements ValueSerializer {

	private final JsonMapper mapper;

	/** Reads with the default {@link SerializationLimits}. */
	public JsonValueSerializer(ClassAllowList allowList) {
		this(allowList, SerializationLimits.defaults());
	}

	public JsonValueSerializer(ClassAllowList allowList, SerializationLimits limits) {
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(limits.maxDepth())
			.maxDocumentLength(limits.maxBytes())
			.maxTokenCount(limits.maxReferences())
			.maxStringLength(limits.maxBytes())
			.build();
		this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
			.activateDefaultTyping(new AllowListValidator(allowList), DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY)
			.build();
	}

	@Override
	public byte[] serialize(Object value) {
		try {
			return this.mapper.writeValueAsBytes(new Envelope(value));
		}
		catch (JacksonException ex) {
			throw new ValueSerializationException("Cannot write a " + value.getClass().getName() + " as JSON", ex);
		}
	}

	@Override
	public Object deserialize(byte[] bytes) {
		try {
			Object value = this.mapper.readValue(bytes, Envelope.class).value();
			if (value == null) {
				throw new ValueSerializationException("JSON value holds no value", new IllegalStateException("null"));
			}
			return value;
		}
		catch (InvalidTypeIdException ex) {
			throw new ValueSerializationException("JSON value names a class outside the cache's class allow-list: "
					+ ex.getTypeId() + "; add its package to cache.serialization.allowed-packages if it is trusted", ex,
					true);
		}
		catch (JacksonException ex) {
			throw new ValueSerializationException("Cannot read JSON value: " + ex.getOriginalMessage(), ex);
		}
	}

	/** The root of every document, so that the value itself always carries its class. */
	record Envelope(Object value) {
	}

	/** Allows a class name only if the allow-list does, before Jackson loads the class. */
	private static final class AllowListValidator extends PolymorphicTypeValidator.Base {

		private final ClassAllowList allowList;

		AllowListValidator(ClassAllowList allowList) {
			this.allowList = allowList;
		}

		@Override
		public Validity validateSubClassName(DatabindContext context, JavaType baseType, String subClassName) {
			return this.allowList.isAllowed(subClassName) ? Validity.ALLOWED : Validity.DENIED;
		}

		@Override
		public Validity validateSubType(DatabindContext context, JavaType baseType, JavaType subType) {
			return this.allowList.isAllowed(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
		}

	}

}
