package io.polycache.core;

/** How shared stores, and local memory with store-by-value, keep values as bytes. */
public enum SerializerType {

	/** JDK serialization: values must implement {@code Serializable}. */
	JDK,

	/** JSON through Jackson, which must be on the classpath. */
	JSON

}
