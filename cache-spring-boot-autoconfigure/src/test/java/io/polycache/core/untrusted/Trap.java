package io.polycache.core.untrusted;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A class outside every allow-list whose deserialization would be noticed: reading it back
 * through JDK serialization or through Jackson increments {@link #INSTANTIATIONS}.
 */
public final class Trap implements Serializable {

	public static final AtomicInteger INSTANTIATIONS = new AtomicInteger();

	private final String payload;

	@JsonCreator
	public Trap(@JsonProperty("payload") String payload) {
		this.payload = payload;
		INSTANTIATIONS.incrementAndGet();
	}

	public String getPayload() {
		return this.payload;
	}

	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		in.defaultReadObject();
		INSTANTIATIONS.incrementAndGet();
	}

}
