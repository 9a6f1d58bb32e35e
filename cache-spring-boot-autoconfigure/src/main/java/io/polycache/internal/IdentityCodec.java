package io.polycache.internal;

import io.polycache.spi.ValueCodec;

/**
 * {@link ValueCodec#identity()}: values kept as they are, for stores that live in this
 * JVM. Stateless and thread-safe.
 */
public final class IdentityCodec implements ValueCodec<Object> {

	/** The one instance. */
	public static final IdentityCodec INSTANCE = new IdentityCodec();

	private IdentityCodec() {
	}

	@Override
	public Object encode(Object value) {
		return value;
	}

	@Override
	public Object decode(Object stored) {
		return stored;
	}

	@Override
	public boolean sharesDecodes() {
		return false;
	}

	@Override
	public String toString() {
		return "identity";
	}

}
